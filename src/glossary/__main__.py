from glossary.cli.commands import main

raise SystemExit(main())
