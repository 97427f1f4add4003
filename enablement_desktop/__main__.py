from enablement_desktop.cli import main

raise SystemExit(main())
