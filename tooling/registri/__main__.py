from registri.cli import main

raise SystemExit(main())
