#!/usr/bin/python3
"""Runs a benchmark command, takes the JSON object on the last line of its output, adds the
command's peak resident memory (ru_maxrss of the child, the same measure for every engine) as
"peak_rss_mb", and prints it. Usage: run_measured.py COMMAND [ARGS...]"""
import json
import resource
import subprocess
import sys

run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"{' '.join(sys.argv[1:3])} failed: {run.stderr.strip()[-1000:]}")
result = json.loads(run.stdout.strip().splitlines()[-1])
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
print(json.dumps(result))
