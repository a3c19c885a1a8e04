"""The business diagnosis (生意问诊) as a web app for merchants, served by Voilà.

``fields`` reads one figure or month the way merchants write them; ``readers`` turns
an uploaded CSV or Excel file into a monthly table; ``template_files`` makes the
blank templates to download; ``results`` diagnoses a table and drafts the plan;
``charts`` and ``report`` draw the benchmark chart and the PDF; ``uploads`` keeps
uploaded files in a per-visitor temporary folder; ``form``, ``upload_panel`` and ``ui``
are the ipywidgets the notebook ``app/diagnosis.ipynb`` shows; ``server`` builds the Voilà
command line that ``course app`` (``make app``) runs.
"""
