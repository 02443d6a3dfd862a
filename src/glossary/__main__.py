from glossary.cli import main

raise SystemExit(main())
