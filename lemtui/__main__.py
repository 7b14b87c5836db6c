"""`python -m lemtui` runs the command line."""

from lemtui.cli import main

raise SystemExit(main())
