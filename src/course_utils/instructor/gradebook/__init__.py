"""The class gradebook: submissions, roster, stored results, rubric scores, exports and reports."""
