"""The query page `kg serve` shows at ``/``: the canned questions ready to run, in one self-contained file.

No script or style comes from elsewhere (no CDN): the page works offline and
gives a browser nothing to fetch from another site.
"""

from __future__ import annotations

import html
import json

from kg import resources
from kg.namespace import PREFIXES

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>conflict-kg</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; max-width: 70em; }}
textarea {{ width: 100%; height: 16em; font: 13px monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
th, td {{ border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }}
#status {{ color: #555; margin-left: 1em; }}
</style></head>
<body>
<h1>conflict-kg</h1>
<p>Ask a question of the graph, or write SPARQL (the <code>ckg:</code> prefix and the others are declared).</p>
<label for="question">Question</label>
<select id="question"><option value="">(your own query)</option>{options}</select>
<p><textarea id="query" spellcheck="false" aria-label="SPARQL query"></textarea></p>
<button id="run">Run</button><span id="status"></span>
<div id="results"></div>
<script>
const QUERIES = {queries};
const PROLOGUE = {prologue};
const pick = document.getElementById("question"), text = document.getElementById("query");
pick.addEventListener("change", () => {{ if (pick.value) text.value = QUERIES[pick.value]; }});
document.getElementById("run").addEventListener("click", async () => {{
  const status = document.getElementById("status"), out = document.getElementById("results");
  status.textContent = "running..."; out.replaceChildren();
  const body = /^\\s*(PREFIX|#)/i.test(text.value) ? text.value : PROLOGUE + text.value;
  const answer = await fetch("/query", {{method: "POST", body,
    headers: {{"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}}}});
  if (!answer.ok) {{ status.textContent = answer.status + ": " + await answer.text(); return; }}
  const data = await answer.json();
  if ("boolean" in data) {{ status.textContent = String(data.boolean); return; }}
  const table = document.createElement("table"), head = table.insertRow();
  for (const name of data.head.vars) head.appendChild(document.createElement("th")).textContent = name;
  for (const row of data.results.bindings) {{
    const line = table.insertRow();
    for (const name of data.head.vars) line.insertCell().textContent = row[name] ? row[name].value : "";
  }}
  status.textContent = data.results.bindings.length + " row(s)"; out.appendChild(table);
}});
</script>
</body></html>
"""


def query_page() -> bytes:
    """The page, with every canned query of ``queries/`` in its select."""
    names = resources.query_names()
    options = "".join(f'<option value="{html.escape(name)}">{html.escape(name)}: '
                      f"{html.escape(resources.query_question(name))}</option>" for name in names)
    queries = {name: resources.query_text(name) for name in names}
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    script_safe = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
    return _PAGE.format(options=options, queries=json.dumps(queries).translate(script_safe),
                        prologue=json.dumps(prologue).translate(script_safe)).encode("utf-8")
