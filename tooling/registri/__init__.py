"""Registri: the register of exempted public information (DIK) of a PPID office, kept in Git."""

__version__ = "0.1.0"
