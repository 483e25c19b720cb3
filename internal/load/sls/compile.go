package sls

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/model"
)

// compiler turns a resolved service into a CloudFormation template.
type compiler struct {
	file      string
	root      *yaml.Node
	provider  *yaml.Node
	service   string
	stage     string
	region    string
	resources []resourceEntry
	byID      map[string]*yaml.Node
	problems  []problemAt

	// fnKey maps function logical IDs to the framework's function keys.
	fnKey map[string]string
	// defaulted lists, per function logical ID, the properties the
	// framework defaulted (Timeout, MemorySize).
	defaulted map[string][]string
	// perFunctionRoles are the IDs of roles generated for one function.
	perFunctionRoles map[string]bool
	// roleStatements collects, per generated role, the statements the
	// framework adds for event sources (streams, queues).
	roleStatements map[string][]*yaml.Node
	pendingRoles   []pendingRole
	extra          []extraTrigger
	restAPI        *restState
	httpAPI        string
	wsAPI          string
}

type resourceEntry struct {
	id  string
	key pos
}

// extraTrigger is an event source the CloudFormation loader has no
// resource handler for (IoT rules, Cognito triggers, log subscriptions,
// ALB rules, Alexa skills): the trigger is added to the model directly.
type extraTrigger struct {
	fn     string
	id     string
	kind   model.TriggerKind
	p      pos
	source *yaml.Node
}

func newCompiler(file string, root *yaml.Node, r *resolver) *compiler {
	c := &compiler{
		file: file, root: root, provider: get(root, "provider"), stage: r.stage, region: r.region,
		byID: map[string]*yaml.Node{}, fnKey: map[string]string{}, defaulted: map[string][]string{},
		perFunctionRoles: map[string]bool{}, roleStatements: map[string][]*yaml.Node{},
	}
	svc := get(root, "service")
	if svc.Kind == yaml.MappingNode {
		svc = get(svc, "name")
	}
	c.service = text(svc)
	return c
}

func (c *compiler) problem(n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, problemAt{at(n), fmt.Sprintf(format, args...)})
}

// add records a generated resource; a clash of logical IDs gets a suffix
// rather than an error, as two paths may normalise alike.
func (c *compiler) add(id string, p pos, typ string, props *yaml.Node, extra ...any) string {
	base := id
	for n := 2; c.byID[id] != nil; n++ {
		id = base + strconv.Itoa(n)
	}
	body := obj(p, append([]any{"Type", typ, "Properties", props}, extra...)...)
	c.byID[id] = body
	c.resources = append(c.resources, resourceEntry{id: id, key: p})
	return id
}

// compile builds the template: functions (with their roles and events),
// then the resources section merged over what was generated.
func (c *compiler) compile() *yaml.Node {
	fns := get(c.root, "functions")
	for _, fl := range functionLists(fns) {
		for _, kv := range pairs(fl) {
			c.function(kv[0], kv[1])
		}
	}
	c.layers()
	c.finishRoles()
	c.sharedRole()
	c.finishAPIs()
	tmpl := obj(at(c.root), "AWSTemplateFormatVersion", "2010-09-09")
	resources := obj(at(c.root))
	for _, e := range c.resources {
		resources.Content = append(resources.Content, str(e.id, e.key), c.byID[e.id])
	}
	tmpl.Content = append(tmpl.Content, str("Resources", at(c.root)), resources)
	c.mergeResources(tmpl, resources)
	return tmpl
}

// functionLists accepts functions as a mapping or (from ${file()}
// inclusions) a list of mappings.
func functionLists(fns *yaml.Node) []*yaml.Node {
	if fns == nil {
		return nil
	}
	if fns.Kind == yaml.SequenceNode {
		return fns.Content
	}
	return []*yaml.Node{fns}
}

var (
	idReplacer   = strings.NewReplacer("-", "Dash", "_", "Underscore")
	pathReplacer = strings.NewReplacer("-", "Dash", ".", "Dot", "+", "Proxy")
)

// normalize turns a name into the part of a logical ID the framework
// derives from it (my-func_1 -> MyDashfuncUnderscore1).
func normalize(s string) string {
	s = idReplacer.Replace(s)
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

// normalizePath turns an API path into a logical ID part, as the
// framework does: /orders/{id} -> OrdersIdVar.
func normalizePath(p string) string {
	var b strings.Builder
	for _, part := range strings.Split(p, "/") {
		if part == "" {
			continue
		}
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			part = strings.TrimSuffix(strings.Trim(part, "{}"), "+") + "Var"
		}
		part = pathReplacer.Replace(part)
		b.WriteString(normalize(strings.ToLower(part[:1]) + part[1:]))
	}
	return b.String()
}

// setting returns a function's value for key, or the provider's.
func (c *compiler) setting(fn *yaml.Node, key string) *yaml.Node {
	if v := get(fn, key); v != nil && !isNull(v) {
		return v
	}
	if v := get(c.provider, key); v != nil && !isNull(v) {
		return v
	}
	return nil
}

// function compiles one function: AWS::Lambda::Function, its log group,
// role, URL, destinations and events.
func (c *compiler) function(key, fn *yaml.Node) {
	if fn.Kind != yaml.MappingNode {
		c.problem(key, "function %s is not a mapping", key.Value)
		return
	}
	p := at(key)
	id := normalize(key.Value) + "LambdaFunction"
	var defaults []string
	name := get(fn, "name")
	if name == nil {
		name = str(c.service+"-"+c.stage+"-"+key.Value, p)
		defaults = append(defaults, "FunctionName")
	}
	props := obj(p, "FunctionName", name)
	c.code(fn, props, p)
	for _, k := range [][2]string{{"memorySize", "MemorySize"}, {"timeout", "Timeout"}} {
		v := c.setting(fn, k[0])
		if v == nil {
			def := map[string]string{"MemorySize": "1024", "Timeout": "6"}[k[1]]
			v = str(def, p)
			defaults = append(defaults, k[1])
		}
		set(props, k[1], v)
	}
	c.environment(fn, props, p)
	if v := c.setting(fn, "kmsKeyArn"); v != nil {
		set(props, "KmsKeyArn", v)
	}
	if v := c.setting(fn, "vpc"); v != nil && v.Kind == yaml.MappingNode {
		set(props, "VpcConfig", obj(at(v), "SubnetIds", get(v, "subnetIds"), "SecurityGroupIds", get(v, "securityGroupIds")))
	}
	if v := c.setting(fn, "layers"); v != nil {
		set(props, "Layers", v)
	}
	if v := c.setting(fn, "architecture"); v != nil {
		set(props, "Architectures", seq(at(v), v))
	}
	if v := get(fn, "reservedConcurrency"); v != nil {
		set(props, "ReservedConcurrentExecutions", v)
	}
	if v := c.tracing(fn); v != nil {
		set(props, "TracingConfig", obj(at(v), "Mode", v))
	}
	if v := get(fn, "onError"); v != nil {
		set(props, "DeadLetterConfig", obj(at(v), "TargetArn", v))
	}
	if v := get(fn, "description"); v != nil {
		set(props, "Description", v)
	}
	set(props, "Role", c.role(key, fn, id))
	id = c.add(id, p, "AWS::Lambda::Function", props)
	c.fnKey[id] = key.Value
	c.defaulted[id] = defaults
	c.logGroup(key, fn, name)
	c.destinations(fn, id)
	c.url(key, fn, id)
	c.events(key, fn, id)
}

// code sets the handler and code location: an image, a packaged artifact,
// or the service directory (which `serverless package` zips).
func (c *compiler) code(fn, props *yaml.Node, p pos) {
	if img := get(fn, "image"); img != nil {
		uri := img
		if img.Kind == yaml.MappingNode {
			uri = get(img, "uri")
			if uri == nil {
				uri = str("image "+text(get(img, "name")), at(img))
			}
		}
		set(props, "PackageType", str("Image", at(img)))
		set(props, "Code", obj(at(img), "ImageUri", uri))
		return
	}
	if h := get(fn, "handler"); h != nil {
		set(props, "Handler", h)
	}
	if rt := c.setting(fn, "runtime"); rt != nil {
		set(props, "Runtime", rt)
	}
	codePos := p
	if h := get(fn, "handler"); h != nil {
		codePos = at(h)
	}
	code := str(".", codePos)
	if a := path(fn, "package", "artifact"); a != nil {
		code = a
	}
	set(props, "Code", code)
}

// environment merges provider and function variables; the function's win.
func (c *compiler) environment(fn, props *yaml.Node, p pos) {
	vars := obj(p)
	for _, src := range []*yaml.Node{get(c.provider, "environment"), get(fn, "environment")} {
		for _, kv := range pairs(src) {
			set(vars, kv[0].Value, kv[1])
			// set keeps the first key node; place the key where the
			// winning value was written.
			for i := 0; i+1 < len(vars.Content); i += 2 {
				if vars.Content[i].Value == kv[0].Value {
					vars.Content[i] = kv[0]
				}
			}
		}
	}
	if len(vars.Content) > 0 {
		set(props, "Environment", obj(p, "Variables", vars))
	}
}

// tracing maps the framework's tracing settings to Lambda's modes.
func (c *compiler) tracing(fn *yaml.Node) *yaml.Node {
	v := get(fn, "tracing")
	if v == nil {
		v = path(c.provider, "tracing", "lambda")
	}
	if v == nil || v.Kind != yaml.ScalarNode {
		return nil
	}
	switch strings.ToLower(v.Value) {
	case "true", "active":
		return str("Active", at(v))
	case "passthrough":
		return str("PassThrough", at(v))
	}
	return nil
}

// logGroup is the log group the framework creates for each function,
// with logRetentionInDays when set (none means logs are kept forever).
func (c *compiler) logGroup(key, fn, name *yaml.Node) {
	if truthy(get(fn, "disableLogs")) {
		return
	}
	p := at(key)
	group := text(name)
	if group == "" {
		// A name given as an intrinsic: the framework's default name.
		group = c.service + "-" + c.stage + "-" + key.Value
	}
	props := obj(p, "LogGroupName", "/aws/lambda/"+group)
	if v := c.setting(fn, "logRetentionInDays"); v != nil {
		set(props, "RetentionInDays", v)
	}
	c.add(normalize(key.Value)+"LogGroup", p, "AWS::Logs::LogGroup", props)
}

// destinations compiles onSuccess/onFailure into an EventInvokeConfig.
func (c *compiler) destinations(fn *yaml.Node, id string) {
	d := get(fn, "destinations")
	if d == nil || d.Kind != yaml.MappingNode {
		return
	}
	cfg := obj(at(d))
	for _, k := range [][2]string{{"onSuccess", "OnSuccess"}, {"onFailure", "OnFailure"}} {
		v := get(d, k[0])
		if v == nil {
			continue
		}
		if v.Kind == yaml.MappingNode && get(v, "arn") != nil {
			v = get(v, "arn")
		} else if v.Kind == yaml.ScalarNode && !strings.HasPrefix(v.Value, "arn:") {
			// A function of the service, by key.
			v = getAtt(normalize(v.Value)+"LambdaFunction", "Arn", at(v))
		}
		set(cfg, k[1], obj(at(v), "Destination", v))
	}
	c.add(strings.TrimSuffix(id, "LambdaFunction")+"LambdaEvConf", at(d), "AWS::Lambda::EventInvokeConfig",
		obj(at(d), "FunctionName", ref(id, at(d)), "Qualifier", "$LATEST", "DestinationConfig", cfg))
}

// url compiles a function URL: `url: true` is public (AuthType NONE).
func (c *compiler) url(key, fn *yaml.Node, id string) {
	u := get(fn, "url")
	if u == nil || (u.Kind == yaml.ScalarNode && !truthy(u)) {
		return
	}
	p := at(u)
	auth := str("NONE", p)
	props := obj(p, "TargetFunctionArn", getAtt(id, "Arn", p))
	if u.Kind == yaml.MappingNode {
		if a := get(u, "authorizer"); strings.EqualFold(text(a), "aws_iam") {
			auth = str("AWS_IAM", at(a))
		}
		if cors := get(u, "cors"); cors != nil && !(cors.Kind == yaml.ScalarNode && !truthy(cors)) {
			origins := seq(at(cors), str("*", at(cors)))
			if o := get(cors, "allowedOrigins"); o != nil {
				origins = node(items(o), at(o))
			}
			set(props, "Cors", obj(at(cors), "AllowOrigins", origins))
		}
	}
	set(props, "AuthType", auth)
	base := strings.TrimSuffix(id, "LambdaFunction")
	c.add(base+"LambdaFunctionUrl", p, "AWS::Lambda::Url", props)
	perm := obj(p, "FunctionName", getAtt(id, "Arn", p), "Action", "lambda:InvokeFunctionUrl", "Principal", "*",
		"FunctionUrlAuthType", auth)
	c.add(base+"LambdaPermissionFnUrl", p, "AWS::Lambda::Permission", perm)
}

// layers compiles the service's own layers (top-level layers), which
// functions use as { Ref: <Name>LambdaLayer }.
func (c *compiler) layers() {
	for _, kv := range pairs(get(c.root, "layers")) {
		p := at(kv[0])
		name := orNode(get(kv[1], "name"), str(c.service+"-"+c.stage+"-"+kv[0].Value, p))
		c.add(normalize(kv[0].Value)+"LambdaLayer", p, "AWS::Lambda::LayerVersion", obj(p, "LayerName", name,
			"Content", obj(p, "S3Key", orNode(get(kv[1], "path"), str(".", p))),
			"CompatibleRuntimes", get(kv[1], "compatibleRuntimes")))
	}
}
