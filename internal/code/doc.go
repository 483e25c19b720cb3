// Package code audits the source of serverless functions for injection and
// other insecure patterns.
//
// JavaScript, TypeScript and Python are parsed with tree-sitter and Go with
// go/parser. From the handler's event parameter (or, for web frameworks,
// from request objects such as Flask's request.args and Chalice's
// app.current_request) the analysis follows values through fields,
// subscripts, destructuring, string building, assignments, loops and calls
// to functions of the same file, and reports those that reach a sink:
// command execution, code evaluation, unsafe deserialisation, SQL built from
// strings, NoSQL operator injection, outbound requests to supplied URLs,
// file paths, and XML parsers that resolve entities. Patterns that need no
// data flow (JWT decoded without verification, TLS verification turned off,
// the whole event or environment written to logs) are reported wherever
// they occur.
//
// The API:
//
//	func Analyze(dir, handler, runtime string) ([]Issue, []error) // dir may be a .zip deployment package
//	func AnalyzeFile(path string, src []byte, entry string) ([]Issue, error)
//	type Issue struct { Class, CWE, Message, File string; Line, Column int; Flow *Flow }
//	type Flow struct { Source, Sink Step; Steps []Step; Class, CWE string }
//	type Step struct { File string; Line, Column int; Code, Note string }
//	func CWE(class string) string; func Classes() []string // ClassCommandInjection, ...
//
// Handler strings are resolved as Lambda does: "src/handler.main" is the
// function main exported by src/handler.{js,mjs,cjs,ts} (a dist/ or build/
// prefix also tries the TypeScript source under src/), "pkg.app.handler"
// with a Python runtime is pkg/app.py; for Go runtimes (go1.x, provided.*
// with .go files) the function given to lambda.Start is the entry, a method
// value (lambda.Start(h.handle)) included. A
// handler naming a Python application object (Zappa's "main.app") analyses
// every route of the file. An empty handler analyses every source file of
// dir, skipping dependencies, build output and tests, with each exported
// function (JavaScript and TypeScript), each decorated or handler-shaped
// top-level function (Python) and each Express-style route callback as an
// entry.
//
// The analysis is intraprocedural plus same-file calls (Python keyword
// arguments bind the parameter they name), and it over-approximates: any
// call whose receiver or arguments (keyword arguments included) are tainted
// returns a tainted value unless it is a known sanitiser. Methods that store
// their arguments (push, unshift, splice, Object.assign, Python's append,
// extend, insert, update) taint their receiver. A lookup in a module-level
// Python dictionary of literals (TABLE.get(key, default)) yields one of its
// constants, so only its default can carry taint. Flows are reported once
// per sink.
package code
