"""Changing a deployment: wa-deploy's steps and preview, the inputs a deployment remembers, retiring
it with its data kept, and the steps of a client upgrade."""
