"""Schemathesis hooks for the GitOps Console API fuzz run (fuzzApi.mjs).

* ``no_leaks``, a check run on every response: nothing that leaks.py finds
  (no credential, stack trace or absolute path of this machine).
* A path-parameter hook that mixes the demo catalog's real entities into
  the generated ``{namespace}/{kind}/{name}``, so a share of each
  operation's examples reaches the code behind the entity lookup instead of
  stopping at its 404. The entities are owned by two teams; the guest
  (alice) owns one of them, so the valid-token run is refused (403) on the
  other team's actions as well as let through on her own.
* A count of the requests sent per operation and status, for the summary.

Settings come from the environment, set by fuzzApi.mjs:
  FUZZ_ENTITIES   JSON list of [namespace, kind, name] of real entities
  FUZZ_COUNTS     a file to write the requests sent per operation and
                  status to, when the run ends (the summary's examples)
  and those of leaks.py.
"""

import atexit
import json
import os
import sys

import schemathesis
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from leaks import findings, request_text, response_text  # noqa: E402


def _entities():
    try:
        value = json.loads(os.environ.get("FUZZ_ENTITIES", ""))
    except ValueError:
        return []
    return [e for e in value if isinstance(e, list) and len(e) == 3]


ENTITIES = _entities()


@schemathesis.check
def no_leaks(ctx, response, case):
    """No credential, stack trace or absolute path in any response."""
    authorization = (case.headers or {}).get("Authorization") or ""
    request_headers = getattr(response.request, "headers", {}) or {}
    authorization = authorization or request_headers.get("Authorization", "")
    token = authorization.split(" ", 1)[1] if " " in authorization else ""
    leaks = findings(response_text(response), request_text(case), token)
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
