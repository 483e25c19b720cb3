module example.com/fn

go 1.21

require (
	example.com/mod v1.1.0
	golang.org/x/text v0.3.0 // indirect
)
