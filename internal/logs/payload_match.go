package logs

import "strings"

// mayHold is the cheap pre-filter run on every message and value before
// any parsing: it says whether s holds a byte sequence some payload class
// needs. Most application lines hold none and cost one pass over their
// bytes.
func mayHold(s string) bool {
	for i := 0; i < len(s); i++ {
		if !trigger[s[i]] {
			continue
		}
		r := s[i+1:]
		switch s[i] {
		case '\'', '<', '`', '$':
			return true
		case ';', '|':
			// "(X11; Linux x86_64)", "text/html;q=0.9": a separator
			// counts only before a command or an SQL statement.
			if k := skipSpaces(s, i+1); shellWord(s, k) || sqlWord(s[k:]) {
				return true
			}
		case '%':
			if len(r) > 1 && isHex(r[0]) && isHex(r[1]) && strings.IndexByte(encodedTriggers, unhex(r[0])<<4|unhex(r[1])) >= 0 {
				return true
			}
		case '.':
			if strings.HasPrefix(r, ".") || strings.HasPrefix(r, "google.internal") || strings.HasPrefix(r, "prototype") {
				return true
			}
		case '/':
			if strings.HasPrefix(r, "etc/") || strings.HasPrefix(r, "proc/") {
				return true
			}
		case '1':
			if strings.HasPrefix(r, "69.254.") || strings.HasPrefix(r, "27.0.0.1:9001") {
				return true
			}
		case ':':
			if strings.HasPrefix(r, ":") || strings.HasPrefix(r, "9001") {
				return true
			}
		case '{', '#', '&', '-', '_':
			if len(r) > 0 && r[0] == s[i] || s[i] == '#' && strings.HasPrefix(r, "{") {
				return true
			}
		case '=':
			if i > 0 && isDigitByte(s[i-1]) && len(r) > 0 && isDigitByte(r[0]) {
				return true
			}
		case 'u', 'U':
			if afterSpace(s, i) && hasPrefixFold(r, "nion") {
				return true
			}
		case 's', 'S':
			if afterSpace(s, i) && hasPrefixFold(r, "elect") {
				return true
			}
		case '[', '"':
			if strings.HasPrefix(r, "prototype") {
				return true
			}
		}
	}
	return false
}

// encodedTriggers are the bytes whose %XX escape makes a value worth a
// closer look; %20 or %2F alone do not.
const encodedTriggers = "'\"<>;|`$.{}_%"

// sqlWord says whether s starts with a statement an injected query
// chains after a semicolon.
func sqlWord(s string) bool {
	for _, w := range []string{"select", "drop", "insert", "update", "delete", "union", "exec", "waitfor", "shutdown", "declare"} {
		if hasPrefixFold(s, w) {
			return true
		}
	}
	return false
}

var trigger = func() (t [256]bool) {
	for _, c := range "'<;|`$%./1:{#&-_=uUsS[\"" {
		t[c] = true
	}
	return t
}()

// afterSpace says whether s[i] starts a word of an SQL payload ("1
// UNION", "1+UNION", "1/**/UNION", "(SELECT").
func afterSpace(s string, i int) bool {
	return i > 0 && (s[i-1] == ' ' || s[i-1] == '+' || s[i-1] == '/' || s[i-1] == '(')
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

// indexFold is strings.Index ignoring ASCII case; p is lower case, and
// when it starts with a letter only matches that start in lower case are
// found (host names and JavaScript keys are written so).
func indexFold(s, p string) int {
	for i := 0; i+len(p) <= len(s); {
		j := strings.IndexByte(s[i:], p[0])
		if j < 0 {
			return -1
		}
		i += j
		if hasPrefixFold(s[i:], p) {
			return i
		}
		i++
	}
	return -1
}

// Levels say where a signal counts: anywhere, including plain text
// (strong); in values of logged structures; only in values of logged
// trigger events, where they came from outside.
const (
	strongLevel = iota
	valueLevel
	eventLevel
)

// pattern is a literal that marks a class at a level.
type pattern struct {
	lit   string // lower case
	class payloadClass
	level int
}

var patterns = []pattern{
	{"${jndi:", classJNDI, strongLevel}, {"${${", classJNDI, strongLevel}, {"${::-", classJNDI, strongLevel},
	{"${lower:", classJNDI, strongLevel}, {"${upper:", classJNDI, strongLevel},
	{"/proc/self/environ", classTraversal, strongLevel}, {"%2e%2e%2f", classTraversal, strongLevel}, {"%2e%2e/", classTraversal, strongLevel},
	{"..%2f", classTraversal, strongLevel}, {"%252e%252e", classTraversal, strongLevel},
	{"../../", classTraversal, eventLevel}, {`..\..\`, classTraversal, eventLevel}, {"../etc/", classTraversal, valueLevel},
	{"../proc/", classTraversal, valueLevel}, {"/etc/passwd", classTraversal, valueLevel},
	{"/etc/shadow", classTraversal, valueLevel},
	{"://169.254.169.254", classSSRF, strongLevel}, {"://[fd00:ec2::254]", classSSRF, strongLevel},
	{"://metadata.google.internal", classSSRF, strongLevel}, {"://localhost:9001", classSSRF, strongLevel},
	{"://127.0.0.1:9001", classSSRF, strongLevel}, {"://169.254.170.2", classSSRF, strongLevel},
	{"169.254.169.254", classSSRF, valueLevel}, {"fd00:ec2::254", classSSRF, valueLevel},
	{"metadata.google.internal", classSSRF, valueLevel}, {"localhost:9001/", classSSRF, valueLevel},
	{"127.0.0.1:9001/", classSSRF, valueLevel},
	// Quoted or dotted, __proto__ is also what JavaScript errors print
	// ("reading '__proto__'"): only the bracket notation of query
	// strings and form fields counts in plain text.
	{"__proto__[", classPrototype, strongLevel}, {"[__proto__]", classPrototype, strongLevel},
	{"constructor[prototype]", classPrototype, strongLevel}, {"constructor.prototype", classPrototype, valueLevel},
	{"__proto__", classPrototype, valueLevel},
	{"__class__", classTemplate, valueLevel}, {"__globals__", classTemplate, valueLevel}, {"__subclasses__", classTemplate, valueLevel},
	{"{{config", classTemplate, valueLevel}, {"{{self.", classTemplate, valueLevel},
	{"[$ne]", classNoSQL, valueLevel}, {"[$gt]", classNoSQL, valueLevel}, {"[$regex]", classNoSQL, valueLevel},
	{"[$where]", classNoSQL, valueLevel}, {"[$nin]", classNoSQL, valueLevel}, {"[$exists]", classNoSQL, valueLevel},
	{`"$where"`, classNoSQL, valueLevel},
}

// literalClass runs the literal patterns, template arithmetic and shell
// command checks over s, found at level.
func literalClass(s string, level int) (payloadClass, int, bool) {
	for _, p := range patterns {
		if p.level > level {
			continue
		}
		if at := indexFold(s, p.lit); at >= 0 {
			return p.class, at, true
		}
	}
	if at := templateMath(s); at >= 0 {
		return classTemplate, at, true
	}
	if at := shellCommand(s, level > strongLevel); at >= 0 {
		return classCommand, at, true
	}
	return 0, 0, false
}

// templateMath finds the probes of template injection: {{7*7}}, ${7*7},
// #{7*7}, <%= 7*7 %>: an opening, a product of two numbers, a closing.
func templateMath(s string) int {
	for i := 0; i+4 < len(s); i++ {
		c := s[i]
		if c != '{' && c != '%' || i == 0 {
			continue
		}
		open := s[i-1 : i+1]
		if open != "{{" && open != "${" && open != "#{" && open != "<%" {
			continue
		}
		j := i + 1
		if open == "<%" && j < len(s) && s[j] == '=' {
			j++
		}
		j = skipSpaces(s, j)
		n := digits(s, j)
		if n == 0 || j+n >= len(s) || s[j+n] != '*' {
			continue
		}
		j += n + 1
		m := digits(s, j)
		if m == 0 {
			continue
		}
		j = skipSpaces(s, j+m)
		if j < len(s) && (s[j] == '}' || s[j] == '%') {
			return i - 1
		}
	}
	return -1
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

func digits(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigitByte(s[i+n]) {
		n++
	}
	return n
}

// shellBinaries are the commands injected shell payloads run, with what
// may follow them (see shellWord), so that "tea; cat lovers" is prose and
// "x; cat /etc/hosts" or "x; cat package.json #" is not.
var shellBinaries = []struct {
	name string
	arg  shellArg
}{
	{"curl", anyArg}, {"wget", anyArg}, {"nc", anyArg}, {"ncat", anyArg}, {"nslookup", anyArg},
	{"sleep", numArg}, {"bash", fileArg}, {"sh", fileArg}, {"zsh", fileArg}, {"python", fileArg},
	{"python3", fileArg}, {"node", fileArg}, {"perl", fileArg}, {"php", fileArg}, {"cat", fileArg},
	{"id", fileArg}, {"whoami", fileArg}, {"uname", fileArg}, {"env", fileArg}, {"printenv", fileArg},
	{"ls", fileArg}, {"rm", fileArg}, {"chmod", fileArg}, {"ping", fileArg}, {"powershell", fileArg},
}

// shellArg is what a binary's first argument must look like.
type shellArg uint8

const (
	fileArg shellArg = iota // an option, a path or file name, or nothing
	anyArg                  // anything (a host name)
	numArg                  // a number
)

// shellCommand finds a command separator followed by a shell binary. In
// plain text only command substitution ($( and backticks) counts.
func shellCommand(s string, inValue bool) int {
	seps := "`$"
	if inValue {
		seps = ";|&`$\n"
	}
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], seps)
		if j < 0 {
			return -1
		}
		at := i + j
		k := at + 1
		switch s[at] {
		case '$':
			if k >= len(s) || s[k] != '(' {
				i = k
				continue
			}
			k++
		case '&':
			if k >= len(s) || s[k] != '&' {
				i = k
				continue
			}
			k++
		case '|':
			if k < len(s) && s[k] == '|' {
				k++
			}
		}
		if shellWord(s, skipSpaces(s, k)) {
			return at
		}
		i = at + 1
	}
	return -1
}

func shellWord(s string, k int) bool {
	for _, b := range shellBinaries {
		if !hasPrefixFold(s[k:], b.name) {
			continue
		}
		e := k + len(b.name)
		if e == len(s) {
			return true
		}
		switch s[e] {
		case ';', '|', '&', ')', '`', '\n', '\'', '"', '<', '>', '#':
			return true
		case ' ', '\t':
			if shellArgOK(s[e+1:], b.arg) {
				return true
			}
		}
	}
	return false
}

func shellArgOK(rest string, kind shellArg) bool {
	rest = strings.TrimLeft(rest, " \t")
	if rest == "" {
		return true
	}
	arg, _, _ := strings.Cut(rest, " ")
	switch kind {
	case anyArg:
		return true
	case numArg:
		return isDigitByte(arg[0])
	}
	return strings.ContainsAny(arg[:1], "-/$.~<>`#;|&") || strings.ContainsAny(arg, "./")
}

// sqlTrigger says whether a value has some SQL syntax worth running
// libinjection on.
func sqlTrigger(s string) bool {
	return strings.ContainsAny(s, "'\"`;#=(") || strings.Contains(s, "--") || strings.Contains(s, "/*") ||
		indexFold(s, " or ") >= 0 || indexFold(s, " and ") >= 0 || indexFoldWord(s, "union") || indexFoldWord(s, "select")
}

func indexFoldWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if (s[i] == w[0] || s[i] == w[0]-32) && hasPrefixFold(s[i:], w) {
			return true
		}
	}
	return false
}

// xssTrigger returns where a value opens a tag, or -1.
func xssTrigger(s string) int {
	for i := 0; i+1 < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if i >= len(s) {
			break
		}
		c := s[i] | 0x20
		if c >= 'a' && c <= 'z' || s[i] == '!' || s[i] == '/' {
			return i - 1
		}
	}
	return -1
}

func containsAny(s string, marks []string) bool {
	for _, m := range marks {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
