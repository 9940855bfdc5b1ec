"""Entry point of the pre-commit hooks: `python tooling/hook.py validate|scan|… FILE…`.

The hooks run in pre-commit's own environment (only the pinned `additional_dependencies`), not in
an installed `registri`, so this puts the in-repository package on the path and calls its CLI.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registri.cli import main  # noqa: E402 - needs the path above

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
