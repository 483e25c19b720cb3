# make check runs what CI runs.
.PHONY: check test docs bench
check:
	./.ci/run

test:
	go test ./...

# Regenerate docs/rules from the rule catalog.
docs:
	go test ./internal/rules -run TestDocs -update

bench:
	go test ./internal/scan -run "^$$" -bench . -benchmem
