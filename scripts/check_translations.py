"""Fail (exit 1) when a translation catalogue has untranslated or fuzzy entries; else compile it.

Usage: python scripts/check_translations.py
Counts come from gettext's `msgfmt --check --statistics` (which also rejects placeholders that differ
from the msgid); the offending msgids are listed with `msgattrib`. A clean catalogue is then compiled
with Django's own `compilemessages`, as `make` does.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603


def count(stats: str, word: str) -> int:
    found = re.search(rf"(\d+) {word}", stats)
    return int(found.group(1)) if found else 0


def main() -> int:
    failed = False
    for po in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        result = run("msgfmt", "--check", "--statistics", "-o", os.devnull, str(po))
        stats = result.stderr.strip()
        print(f"{po.relative_to(ROOT)}: {stats.splitlines()[-1] if stats else 'no output'}")
        fuzzy, untranslated = count(stats, "fuzzy"), count(stats, "untranslated")
        if result.returncode or fuzzy or untranslated:
            failed = True
            if result.returncode:
                print(stats)
            for flag, n in (("--only-fuzzy", fuzzy), ("--untranslated", untranslated)):
                if n:
                    listing = run("msgattrib", flag, "--no-obsolete", "--no-wrap", str(po)).stdout
                    msgids = re.findall(r'^msgid "(.+)"$', listing, flags=re.MULTILINE)
                    print(f"  {flag.strip('-')} ({n}):", *(f"    {m}" for m in msgids), sep="\n")
    if failed:
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    os.chdir(ROOT)
    call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
