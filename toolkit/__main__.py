"""`python -m toolkit ...` runs the command line."""

import gc

from toolkit.cli import main

code = main()
# The process ends here: freezing every object spares the garbage collections the interpreter runs as it
# exits, which would walk everything pandas, pyarrow, matplotlib and papermill loaded (~0.3 s CPU).
gc.freeze()
raise SystemExit(code)
