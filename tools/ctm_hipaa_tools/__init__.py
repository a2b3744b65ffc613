"""ctm-hipaa's dev harness, beside the runtime package `ctm_hipaa` and never shipped in its layer.

The `ctm-hipaa` command line, the CTM simulator and its agency snapshot files (with the bundled
sample agency), template.yaml reading, the local AWS stack on moto provisioned from it, `invoke`
(a handler run as `sam local invoke` would), the demo, and the two audit drivers: the offline audit
of a snapshot and the scheduled audit run end to end on the local stack. This package imports
`ctm_hipaa`; `ctm_hipaa` never imports it.
"""
