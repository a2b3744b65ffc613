"""Destinations files the relay tests share."""

# Two destinations: a preset and an inline policy with every kind of rule.
GOOD = """
destinations:
  crm:
    url: https://hooks.crm.example/ctm
    accounts: [412233, "412230"]
    secret: ctm-hipaa/relay/crm
    policy: crm-lead
  team-chat:
    url: https://chat.example/incoming/relay
    accounts: all
    secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:ctm-hipaa/relay/chat-AbCdEf
    policy:
      fields:
        id: keep
        caller_number: token
        Postal_Code: generalize
        custom_fields.patient_age: generalize
        custom_fields.insurance_*: token
        notes: text
      text: allow-words
"""
