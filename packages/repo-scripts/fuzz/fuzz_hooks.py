"""Schemathesis hooks for the GitOps Console API fuzz run (fuzzApi.mjs).

Two things live here:

* ``no_leaks``, a check run on every response: no credential (the demo's
  cluster tokens, any configured GitHub token, the caller's own token, a
  bearer token or a JWT), no stack trace and no absolute path of this
  machine.
* A path-parameter hook that mixes the demo catalog's real entities into
  the generated ``{namespace}/{kind}/{name}``, so a share of each
  operation's examples reaches the code behind the entity lookup instead of
  stopping at its 404. The entities are owned by two teams; the guest
  (alice) owns one of them, so the valid-token run is refused (403) on the
  other team's actions as well as let through on her own.

Settings come from the environment, set by fuzzApi.mjs:
  FUZZ_SECRETS    JSON list of credential values that must never appear
  FUZZ_REPO_ROOT  the repository's absolute path
  FUZZ_ENTITIES   JSON list of [namespace, kind, name] of real entities
  FUZZ_COUNTS     a file to write the requests sent per operation and
                  status to, when the run ends (the summary's examples)
"""

import atexit
import json
import os
import re
from urllib.parse import unquote

import schemathesis
from hypothesis import strategies as st


def _json_env(name, fallback):
    try:
        return json.loads(os.environ.get(name, ""))
    except ValueError:
        return fallback


SECRETS = [s for s in _json_env("FUZZ_SECRETS", []) if isinstance(s, str) and len(s) >= 6]
REPO_ROOT = os.environ.get("FUZZ_REPO_ROOT", "")
ENTITIES = [e for e in _json_env("FUZZ_ENTITIES", []) if isinstance(e, list) and len(e) == 3]

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


def _request_text(case):
    """Everything the request itself carried, so echoes of the fuzzer's own input are not findings."""
    parts = [
        json.dumps(case.path_parameters or {}, default=str),
        json.dumps(case.query or {}, default=str),
        json.dumps(case.body, default=str) if case.body is not None else "",
        case.formatted_path or "",
    ]
    text = "\n".join(parts)
    return text + "\n" + unquote(text)


def _response_text(response):
    headers = "\n".join(
        f"{name}: {value}"
        for name, values in response.headers.items()
        for value in (values if isinstance(values, list) else [values])
    )
    return headers + "\n" + response.text_lossy()


def findings(response_text, request_text, sent_token):
    """The leaks in a response, by what they are; empty when it is clean."""
    found = []
    # A token short enough to occur by chance (the fuzzer sends some) is no echo.
    if len(sent_token) >= 12 and sent_token in response_text:
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


@schemathesis.check
def no_leaks(ctx, response, case):
    """No credential, stack trace or absolute path in any response."""
    authorization = (case.headers or {}).get("Authorization") or ""
    request_headers = getattr(response.request, "headers", {}) or {}
    authorization = authorization or request_headers.get("Authorization", "")
    token = authorization.split(" ", 1)[1] if " " in authorization else ""
    leaks = findings(_response_text(response), _request_text(case), token)
    if leaks:
        raise AssertionError(
            f"The {response.status_code} response carries " + "; ".join(sorted(set(leaks)))
        )


COUNTS = {}


@schemathesis.hook
def after_call(context, case, response):
    """Counts the requests sent, per operation and status."""
    label = f"{case.operation.method.upper()} {case.operation.path}"
    statuses = COUNTS.setdefault(label, {})
    key = str(response.status_code)
    sent = (case.method or case.operation.method).upper()
    if sent != case.operation.method.upper():
        # The coverage phase also tries methods the operation does not have.
        key = f"{sent} {key}"
    statuses[key] = statuses.get(key, 0) + 1


@atexit.register
def _write_counts():
    target = os.environ.get("FUZZ_COUNTS")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump(COUNTS, out, indent=2, sort_keys=True)


@schemathesis.hook
def before_generate_path_parameters(context, strategy):
    """Mixes the demo's real entities into generated entity paths."""
    if not ENTITIES or context.operation is None:
        return strategy
    path = context.operation.path
    if "{namespace}" not in path or "{kind}" not in path or "{name}" not in path:
        return strategy
    real = st.sampled_from(ENTITIES).map(
        lambda e: {"namespace": e[0], "kind": e[1], "name": e[2]}
    )
    return st.one_of(strategy, real)
