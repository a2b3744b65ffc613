"""ctm-hipaa: HIPAA compliance checks for CallTrackingMetrics accounts and deliveries."""

__version__ = "0.1.0"
