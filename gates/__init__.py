"""Release gates over every generated template: cfn-lint, checkov (with the repo's allow-list)
and cdk-nag. `wa-lint` / `make lint` run them; the README test command runs that."""
