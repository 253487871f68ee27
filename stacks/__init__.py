"""One CDK stack per tier. A stack wires constructs; it reads numbers from the Plan and choices
from the Deployment, and takes the typed objects of the tiers below as keyword arguments."""
