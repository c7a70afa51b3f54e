"""What a response of the GitOps Console API must never carry, for the fuzz
run's `no_leaks` check (fuzz_hooks.py): a credential (the demo's cluster
tokens, any configured secret or GitHub token, the caller's own token, a
bearer token or a JWT), a stack trace, or an absolute path of this machine.

Plain Python with no dependency, so test/fuzzLeaks.test.mjs checks it
without Schemathesis. Settings come from the environment (fuzzApi.mjs):
  FUZZ_SECRETS    JSON list of credential values that must never appear
  FUZZ_REPO_ROOT  the repository's absolute path
"""

import json
import os
import re
from urllib.parse import unquote


def _json_env(name, fallback):
    try:
        return json.loads(os.environ.get(name, ""))
    except ValueError:
        return fallback


SECRETS = [s for s in _json_env("FUZZ_SECRETS", []) if isinstance(s, str) and len(s) >= 6]
REPO_ROOT = os.environ.get("FUZZ_REPO_ROOT", "")

ABSOLUTE_PATHS = ["/work/", "/home/", "/root/", "/tmp/", "/var/folders/", "/Users/"]
if REPO_ROOT:
    ABSOLUTE_PATHS.append(REPO_ROOT.rstrip("/") + "/")

PATTERNS = [
    ("a bearer token", re.compile(r"Bearer\s+[A-Za-z0-9\-._~+/]{8,}=*")),
    ("a JWT", re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")),
    ("an Authorization header echo", re.compile(r"[\"']?authorization[\"']?\s*[:=]\s*[\"']?\w", re.I)),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")),
    ("a stack frame", re.compile(r"(?:^|\\n|\n)\s{2,}at [^\s]+ ?\(?[^\s()]*:\d+:\d+\)?")),
    ("an Error with file:line", re.compile(r"Error:.*?[\w./-]+\.(?:[cm]?[jt]sx?):\d+")),
]


def request_text(case):
    """Everything the request itself carried, so echoes of the fuzzer's own input are not findings."""
    parts = [
        json.dumps(case.path_parameters or {}, default=str),
        json.dumps(case.query or {}, default=str),
        json.dumps(case.body, default=str) if case.body is not None else "",
        case.formatted_path or "",
    ]
    text = "\n".join(parts)
    return text + "\n" + unquote(text)


def response_text(response):
    headers = "\n".join(
        f"{name}: {value}"
        for name, values in response.headers.items()
        for value in (values if isinstance(values, list) else [values])
    )
    return headers + "\n" + response.text_lossy()


def findings(response_text, request_text, sent_token):
    """The leaks in a response, by what they are; empty when it is clean."""
    found = []
    # A token short enough to occur by chance (the fuzzer sends some), or one
    # the request also carried elsewhere (its URL is echoed), is no leak.
    if len(sent_token) >= 12 and sent_token in response_text and sent_token not in request_text:
        found.append("the caller's own token")
    for secret in SECRETS:
        if secret in response_text and secret not in request_text:
            found.append(f"a configured credential ({secret[:3]}…)")
    for marker in ABSOLUTE_PATHS:
        if marker in response_text and marker not in request_text:
            found.append(f"an absolute path ({marker})")
    for label, pattern in PATTERNS:
        for match in pattern.finditer(response_text):
            if match.group(0).strip() not in request_text:
                found.append(f"{label}: {match.group(0).strip()[:60]!r}")
                break
    return found
