package code

import "strings"

// shellOption reports whether a spawn-like call runs through a shell.
func shellOption(a *fileAnalysis, c *callSite) bool {
	for _, v := range a.keywordValues(c, "shell") {
		if t := a.text(v); t != "false" && t != "undefined" && t != "null" {
			return true
		}
	}
	return false
}

// entityOption reports whether libxmljs is asked to substitute entities.
func entityOption(a *fileAnalysis, c *callSite) bool {
	for _, v := range a.keywordValues(c, "noent") {
		if a.text(v) == "true" {
			return true
		}
	}
	return false
}

var jsRules = &ruleSet{
	sinks: []sink{
		{class: ClassCommandInjection, msg: "Untrusted data reaches a shell command",
			names: []string{"child_process.exec", "child_process.execSync", "shelljs.exec", "execa.command",
				"execa.commandSync", "execa.execaCommand", "execa.execaCommandSync"}, args: []int{0}},
		{class: ClassCommandInjection, msg: "Untrusted data chooses the program to run",
			names: []string{"child_process.spawn", "child_process.spawnSync", "child_process.execFile",
				"child_process.execFileSync", "child_process.fork", "execa", "execa.execa"}, args: []int{0}},
		{class: ClassCommandInjection, msg: "Untrusted data reaches a command run through a shell",
			names: []string{"child_process.spawn", "child_process.spawnSync", "child_process.execFile",
				"child_process.execFileSync"}, args: []int{1}, when: shellOption},
		{class: ClassCodeEval, msg: "Untrusted data is evaluated as code",
			names: []string{"eval", "Function", "vm.runInNewContext", "vm.runInThisContext", "vm.runInContext",
				"vm.compileFunction", "vm.Script", "setTimeout", "setInterval", "vm2.VM().run", "*.runInNewContext"},
			args: []int{0, 1}},
		{class: ClassDeserialization, msg: "Untrusted data is deserialised by a library that can execute code",
			names: []string{"node-serialize.unserialize", "funcster.deepDeserialize", "cryo.parse",
				"serialize-to-js.deserialize"}, args: []int{0}},
		{class: ClassSQLInjection, msg: "SQL statement built from untrusted data",
			names: []string{"*.query", "*.execute", "*.raw", "*.$queryRawUnsafe", "*.$executeRawUnsafe",
				"*.unsafe", "*.none", "*.one", "*.many", "*.any", "*.oneOrNone", "*.manyOrNone"},
			args: []int{0}, built: true},
		{class: ClassSQLInjection, msg: "SQL or PartiQL statement built from untrusted data",
			names: []string{"*.ExecuteStatementCommand", "*.BatchExecuteStatementCommand", "ExecuteStatementCommand",
				"BatchExecuteStatementCommand", "*.executeStatement", "*.batchExecuteStatement",
				"ExecuteSqlCommand", "*.executeSql"},
			kw: []string{"Statement", "sql", "Sql", "SqlStatements"}, built: true},
		{class: ClassNoSQLInjection, msg: "Query filter holds parsed request data, which may carry MongoDB operators ($ne, $gt, $where)",
			names: []string{"*.find", "*.findOne", "*.findOneAndUpdate", "*.findOneAndDelete", "*.findOneAndReplace",
				"*.updateOne", "*.updateMany", "*.deleteOne", "*.deleteMany", "*.countDocuments", "*.replaceOne",
				"*.findById"},
			args: []int{0}, obj: true},
		{class: ClassSSRF, msg: "Outbound request to a URL taken from the event",
			names: []string{"fetch", "node-fetch", "axios", "axios.get", "axios.post", "axios.put", "axios.delete",
				"axios.patch", "axios.head", "axios.request", "got", "got.get", "got.post", "request", "request.get",
				"request.post", "superagent.get", "superagent.post", "needle.get", "needle", "http.get",
				"http.request", "https.get", "https.request", "undici.request", "undici.fetch"},
			args: []int{0}, kw: []string{"url", "uri"}, url: true},
		{class: ClassPathTraversal, msg: "File path taken from the event",
			names: []string{"fs.readFile", "fs.readFileSync", "fs.writeFile", "fs.writeFileSync", "fs.appendFile",
				"fs.appendFileSync", "fs.createReadStream", "fs.createWriteStream", "fs.unlink", "fs.unlinkSync",
				"fs.rm", "fs.rmSync", "fs.readdir", "fs.readdirSync", "fs.open", "fs.openSync", "fs.copyFile",
				"fs.copyFileSync", "fs.promises.readFile", "fs.promises.writeFile", "fs.promises.unlink",
				"fs-extra.readFile", "fs-extra.outputFile", "fs-extra.remove", "*.sendFile", "*.download"},
			args: []int{0}},
		{class: ClassXXE, msg: "XML from the event is parsed with external entity substitution (noent)",
			names: []string{"libxmljs.parseXml", "libxmljs.parseXmlString", "libxmljs2.parseXml",
				"libxmljs2.parseXmlString"}, args: []int{0}, when: entityOption},
	},
	sanitizers: set("parseInt", "parseFloat", "Number", "Boolean", "encodeURIComponent", "escape",
		"path.basename", "*.escape", "*.escapeId", "shell-quote.quote", "shell-escape",
		"validator.isURL", "uuid.validate", "*.isInteger", "*.indexOf", "*.includes",
		"*.startsWith", "*.endsWith", "*.test", "*.hash", "*.digest", "*.createHash", "*.has", "isNaN"),
	serializers:  set("JSON.stringify", "util.inspect", "String", "*.toString", "util.format", "*.concat", "*.join"),
	builders:     set("*.concat", "*.join", "util.format", "*.sprintf", "sprintf-js.sprintf"),
	stringifiers: set("String", "*.toString", "*.trim", "*.toLowerCase", "*.toUpperCase", "*.slice", "*.substring"),
	parsers:      set("JSON.parse", "*.json", "querystring.parse", "qs.parse"),
	iterators:    set("forEach", "map", "filter", "flatMap", "some", "every", "find", "reduce", "then", "each"),
	loggers:      []string{"console.", "logger.", "log.", "?.log", "this.logger.", "winston.", "pino", "bunyan."},
	source:       jsSource,
	checks:       jsChecks,
}

// jsSource recognises global request objects; JavaScript frameworks have
// none (the request is the first parameter of a route callback, which is an
// entry), so every JavaScript source is a parameter.
func jsSource(a *fileAnalysis, n *node) string {
	return ""
}

// jsChecks finds the JavaScript issues that need no data flow.
func jsChecks(a *fileAnalysis) {
	walk(a.root, func(n *node) {
		if n.kind == "return_statement" || n.kind == "call_expression" {
			a.checkEnvExposure(n, a.canonical(n.child("function")))
		}
		switch n.kind {
		case "pair":
			if trimQuotes(a.text(n.child("key"))) == "rejectUnauthorized" && a.text(n.child("value")) == "false" {
				a.report(ClassTLSDisabled, "TLS certificate verification is disabled (rejectUnauthorized: false)", n, nil)
			}
		case "assignment_expression":
			if strings.HasSuffix(a.text(n.child("left")), "NODE_TLS_REJECT_UNAUTHORIZED") &&
				strings.Trim(a.text(n.child("right")), `'"`) == "0" {
				a.report(ClassTLSDisabled, "NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS certificate verification for the whole process", n, nil)
			}
		case "call_expression":
			name := a.canonical(n.child("function"))
			switch name {
			case "jsonwebtoken.decode":
				a.report(ClassJWTUnverified, "jsonwebtoken.decode() does not verify the signature; use jwt.verify() before trusting the claims", n, nil)
			case "jwt-decode", "jwt-decode.jwtDecode", "jwt-decode.default":
				a.report(ClassJWTUnverified, "jwt-decode reads a token without verifying its signature; verify it before trusting the claims", n, nil)
			}
		}
	})
}

// walk calls f on n and its descendants in document order.
func walk(n *node, f func(*node)) {
	if n == nil {
		return
	}
	f(n)
	for _, k := range n.kids {
		walk(k, f)
	}
}

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}
