package code

import "strings"

// shellTrue reports whether a subprocess call passes shell=True.
func shellTrue(a *fileAnalysis, c *callSite) bool {
	v, ok := c.kwargs["shell"]
	return ok && a.text(v) != "False" && a.text(v) != "None"
}

// unsafeYAMLLoader reports whether yaml.load is called without a safe
// loader (SafeLoader, CSafeLoader or BaseLoader).
func unsafeYAMLLoader(a *fileAnalysis, c *callSite) bool {
	v, ok := c.kwargs["Loader"]
	if !ok && len(c.args) > 1 {
		v, ok = c.args[1], true
	}
	if !ok {
		return true
	}
	l := a.text(v)
	return !strings.HasSuffix(l, "SafeLoader") && !strings.HasSuffix(l, "BaseLoader")
}

var pySQLMethods = []string{"*.execute", "*.executemany", "*.executescript", "*.mogrify", "*.raw",
	"sqlalchemy.text", "*.read_sql", "*.read_sql_query"}

var pyRules = &ruleSet{
	sinks: []sink{
		{class: ClassCommandInjection, msg: "Untrusted data reaches a shell command",
			names: []string{"os.system", "os.popen", "os.popen2", "os.popen3", "commands.getoutput",
				"commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
				"asyncio.create_subprocess_shell", "os.spawnlp", "os.execlp"}, args: []int{0}},
		{class: ClassCommandInjection, msg: "Untrusted data reaches a command run with shell=True",
			names: []string{"subprocess.call", "subprocess.run", "subprocess.Popen", "subprocess.check_output",
				"subprocess.check_call"}, args: []int{0}, kw: []string{"args"}, when: shellTrue},
		{class: ClassCodeEval, msg: "Untrusted data is evaluated as code",
			names: []string{"eval", "exec", "compile", "builtins.eval", "builtins.exec"}, args: []int{0}},
		{class: ClassDeserialization, msg: "Untrusted data is deserialised by a loader that can execute code",
			names: []string{"pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load", "_pickle.loads",
				"dill.loads", "dill.load", "jsonpickle.decode", "marshal.loads", "marshal.load", "yaml.unsafe_load",
				"yaml.unsafe_load_all", "pandas.read_pickle", "shelve.open", "joblib.load"}, args: []int{0}},
		{class: ClassDeserialization, msg: "Untrusted data is loaded by yaml.load without a safe loader",
			names: []string{"yaml.load", "yaml.load_all"}, args: []int{0}, kw: []string{"stream"}, when: unsafeYAMLLoader},
		{class: ClassSQLInjection, msg: "SQL statement built from untrusted data",
			names: pySQLMethods, args: []int{0}, kw: []string{"sql", "query", "operation", "statement"}, built: true},
		{class: ClassSQLInjection, msg: "PartiQL or RDS Data API statement built from untrusted data",
			names: []string{"*.execute_statement", "*.batch_execute_statement", "*.execute_transaction"},
			kw:    []string{"Statement", "sql"}, built: true},
		{class: ClassNoSQLInjection, msg: "Query filter holds parsed request data, which may carry MongoDB operators ($ne, $gt, $where)",
			names: []string{"*.find", "*.find_one", "*.find_one_and_update", "*.find_one_and_delete", "*.update_one",
				"*.update_many", "*.delete_one", "*.delete_many", "*.count_documents", "*.replace_one"},
			args: []int{0}, obj: true},
		{class: ClassSSRF, msg: "Outbound request to a URL taken from the event",
			names: []string{"requests.get", "requests.post", "requests.put", "requests.delete", "requests.head",
				"requests.patch", "requests.options", "urllib.request.urlopen", "urllib.request.Request",
				"urllib.urlopen", "urllib2.urlopen", "urllib2.Request", "httpx.get", "httpx.post", "httpx.put",
				"httpx.delete", "httpx.stream", "requests.Session().get", "requests.session().get"},
			args: []int{0}, kw: []string{"url"}, url: true},
		{class: ClassSSRF, msg: "Outbound request to a URL taken from the event",
			names: []string{"requests.request", "httpx.request", "*.PoolManager().request", "urllib3.request"},
			args:  []int{1}, kw: []string{"url"}, url: true},
		{class: ClassPathTraversal, msg: "File path taken from the event",
			names: []string{"open", "io.open", "codecs.open", "os.remove", "os.unlink", "os.rmdir", "os.open",
				"os.listdir", "shutil.rmtree", "shutil.copy", "shutil.copyfile", "shutil.move", "flask.send_file",
				"pathlib.Path().read_text", "pathlib.Path().read_bytes", "pathlib.Path().write_text"},
			args: []int{0}, kw: []string{"file", "path"}},
		{class: ClassXXE, msg: "XML from the event is parsed by a parser that expands entities",
			names: []string{"xml.dom.pulldom.parse", "xml.dom.pulldom.parseString", "xml.dom.minidom.parse",
				"xml.dom.minidom.parseString", "xml.sax.parse", "xml.sax.parseString"}, args: []int{0}},
	},
	sanitizers: set("int", "float", "bool", "len", "shlex.quote", "pipes.quote", "os.path.basename",
		"werkzeug.utils.secure_filename", "secure_filename", "uuid.UUID", "*.isdigit", "*.isalnum",
		"*.startswith", "*.endswith", "hashlib.sha256", "hashlib.md5", "*.hexdigest", "isinstance",
		"re.match", "re.fullmatch", "*.count", "*.index"),
	serializers:  set("json.dumps", "str", "repr", "pprint.pformat", "*.format", "*.join", "dict"),
	builders:     set("*.format", "*.join", "*.format_map", "*.replace"),
	stringifiers: set("str", "*.strip", "*.lower", "*.upper", "*.decode", "*.encode"),
	parsers:      set("json.loads", "json.load", "simplejson.loads", "*.get_json", "ujson.loads", "orjson.loads"),
	iterators:    map[string]bool{},
	loggers:      []string{"print", "logging.", "logger.", "log.", "LOGGER.", "LOG.", "app.log.", "?.log"},
	source:       pySource,
	checks:       pyChecks,
}

// pySource recognises request objects of Flask and Chalice.
func pySource(a *fileAnalysis, n *node) string {
	if n.kind != "attribute" {
		return ""
	}
	obj := n.child("object")
	attr := a.text(n.child("attribute"))
	if attr == "current_request" {
		return "Chalice request"
	}
	if obj == nil || obj.kind != "identifier" || a.canonical(obj) != "flask.request" {
		return ""
	}
	switch attr {
	case "args", "form", "values", "json", "data", "files", "cookies", "headers", "get_json", "get_data", "stream":
		return "Flask request." + attr
	}
	return ""
}

// pyChecks finds the Python issues that need no data flow.
func pyChecks(a *fileAnalysis) {
	walk(a.root, func(n *node) {
		if n.kind == "return_statement" {
			a.checkEnvExposure(n, "")
		}
		if n.kind != "call" {
			return
		}
		name := a.canonical(n.child("function"))
		a.checkEnvExposure(n, name)
		kw := map[string]string{}
		if args := n.child("arguments"); args != nil {
			for _, k := range args.namedKids() {
				if k.kind == "keyword_argument" {
					kw[a.text(k.child("name"))] = a.text(k.child("value"))
				}
			}
		}
		switch {
		case kw["verify"] == "False" && !strings.HasPrefix(name, "jwt."):
			a.report(ClassTLSDisabled, "TLS certificate verification is disabled (verify=False)", n, nil)
		case name == "ssl._create_unverified_context":
			a.report(ClassTLSDisabled, "An unverified TLS context accepts any certificate", n, nil)
		case name == "jwt.decode" && (kw["verify"] == "False" || strings.Contains(kw["options"], "verify_signature") &&
			strings.Contains(kw["options"], "False") || strings.Contains(strings.ToLower(kw["algorithms"]), "'none'")):
			a.report(ClassJWTUnverified, "jwt.decode() is told not to verify the signature; the claims can be forged", n, nil)
		case name == "jose.jwt.get_unverified_claims" || name == "jwt.get_unverified_claims":
			a.report(ClassJWTUnverified, "Claims read without verifying the token's signature", n, nil)
		case strings.HasSuffix(name, "etree.XMLParser") && (kw["resolve_entities"] == "True" || kw["no_network"] == "False"):
			a.report(ClassXXE, "lxml parser configured to resolve external entities", n, nil)
		}
	})
	walk(a.root, func(n *node) {
		if n.kind == "keyword_argument" && a.text(n.child("name")) == "cert_reqs" && strings.HasSuffix(a.text(n.child("value")), "CERT_NONE") {
			a.report(ClassTLSDisabled, "TLS certificate verification is disabled (CERT_NONE)", n, nil)
		}
		if n.kind == "assignment" && strings.HasSuffix(a.text(n.child("left")), ".verify_mode") && strings.HasSuffix(a.text(n.child("right")), "CERT_NONE") {
			a.report(ClassTLSDisabled, "TLS certificate verification is disabled (CERT_NONE)", n, nil)
		}
	})
}
