"""The scheduled audit: scheduler (one SQS message per CTM account), auditor (collect once, run the
check catalog, record findings, alert) and run tracking. The offline audit and the local pipeline
runner drive these from the dev harness, `ctm_hipaa_tools`, which this package never imports.

Data flows one way: `ctm` (collect) -> `checks` (evaluate) -> `findings` (lifecycle, alerts) ->
`audit.runs` (what a run did). Nothing here stores, logs or prints a raw CTM value: ids, counts,
kinds and the checks' PHI-free details only.
"""
