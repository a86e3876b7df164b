"""`python -m toolkit ...` runs the command line."""

from toolkit.cli import main

raise SystemExit(main())
