"""The documentation report (SOP steps 4-5), the submission report and the public DIK.

compute_report() builds one frozen tree of figures (figures.py) from the register and its Git
history; the renderers (markdown, pdf, csv_out, xlsx, json_out) only lay it out.
"""

from registri.report.compute import compute_report
from registri.report.period import Period, parse_period

__all__ = ["compute_report", "Period", "parse_period"]
