"""The course book: executed notebooks → two editions, as HTML and as PDF.

Modules: :mod:`.config` (book.yaml), :mod:`.cache` (execution cache keys),
:mod:`.execute` (parallel execution), one nbconvert preprocessor per
``preprocess_*`` module, :mod:`.export` (notebook → chapter HTML),
:mod:`.matter` (front and back matter), :mod:`.pdf` (WeasyPrint and the CJK font
check) and :mod:`.build` (the orchestration, with atomic output).
"""
