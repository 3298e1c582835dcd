"""``python -m tinyleaps``: the same CLI as the ``tinyleaps`` command."""

from .cli import main

raise SystemExit(main())
