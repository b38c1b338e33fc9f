"""Reports for clinicians: the summary, the PDF and progress charts."""
