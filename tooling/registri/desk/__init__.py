"""`registri desk`: the SOP steps from a browser, on the staff member's own computer.

A second face of the same core as the CLI (see registri.workflow): the desk parses forms and
renders pages; every check, message, trailer and Git write comes from the core modules.
"""
