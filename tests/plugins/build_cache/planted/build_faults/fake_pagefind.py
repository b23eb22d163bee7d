"""Stands in for Pagefind: half an index written, then the build it serves
killed ("indexing"), or a mark written and a long wait ("pause")."""

import os
import signal
import sys
import time
from pathlib import Path

args = sys.argv
output = Path(args[args.index("--output-path") + 1])
output.mkdir(parents=True, exist_ok=True)
(output / "pagefind.js").write_text("half an index")
if args[1] == "indexing":
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(30)
else:
    Path(args[2]).write_text(str(os.getpid()))
    time.sleep(60)
