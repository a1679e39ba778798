"""The synthetic generator (`concenter synth`): a tool over the whole domain, like `concenter.bench`.

It sits above the domain apps (it writes every one of them in bulk) and nothing in the domain
imports it. `run.synth()` builds the network (`network`), then the award programmes and the event
(`events_awards`); `base` holds what both generators share. See docs/synth.md.

An installed app only so that its management command is found; it has no models.
"""
