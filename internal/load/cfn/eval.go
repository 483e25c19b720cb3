package cfn

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// evaluator resolves intrinsic functions against a template's parameters,
// conditions, mappings and resources.
type evaluator struct {
	params    map[string]*val // resolved parameter values (nil: no value)
	paramDefs map[string]bool
	resources map[string]string // logical ID -> type
	mappings  *val
	condDefs  *val
	conds     map[string]int8 // 1 true, -1 false, 0 unknown (cached)
	evalConds map[string]bool // being evaluated, to break cycles
	pseudo    map[string]string
	// scope holds extra names for Ref/Sub (SAM policy template parameters).
	scope map[string]*val
	// names holds, for resources whose Ref is their name, the name
	// property as written (evaluated on use).
	names     map[string]*val
	resolving map[string]bool
	depth     int
}

// Pseudo parameters whose values depend on where the stack is deployed are
// kept symbolic unless the user gives them.
var pseudoText = map[string]string{
	"AWS::AccountId":        "the account ID",
	"AWS::Region":           "the region",
	"AWS::StackName":        "the stack name",
	"AWS::StackId":          "the stack ID",
	"AWS::Partition":        "the partition",
	"AWS::URLSuffix":        "the URL suffix",
	"AWS::NotificationARNs": "the notification ARNs",
}

func (e *evaluator) eval(v *val) *val {
	if v == nil {
		return nil
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxDepth*2 {
		return e.unresolved(v.loc, "an expression nested too deeply", "", "")
	}
	switch v.k {
	case kList:
		out := &val{k: kList, loc: v.loc, list: make([]*val, 0, len(v.list))}
		for _, el := range v.list {
			r := e.eval(el)
			if r != nil && r.k != kNoValue {
				out.list = append(out.list, r)
			}
		}
		return out
	case kMap:
		if fn, arg, ok := v.intrinsic(); ok {
			r := e.call(fn, arg, v.loc)
			if r != nil && r.loc.Line == 0 {
				r.loc = v.loc
			}
			return r
		}
		out := &val{k: kMap, loc: v.loc, pairs: make([]pair, 0, len(v.pairs))}
		for _, p := range v.pairs {
			r := e.eval(p.v)
			if r != nil && r.k != kNoValue {
				out.pairs = append(out.pairs, pair{key: p.key, keyLoc: p.keyLoc, v: r})
			}
		}
		return out
	}
	return v
}

func (e *evaluator) unresolved(loc model.Location, text, target, attr string) *val {
	placeholder := "${" + target
	if attr != "" {
		placeholder += "." + attr
	}
	placeholder += "}"
	if target == "" {
		placeholder = "${" + text + "}"
	}
	return &val{k: kScalar, s: placeholder, loc: loc, sym: &symbol{text: text, target: target, attr: attr}}
}

func (e *evaluator) call(fn string, arg *val, loc model.Location) *val {
	switch fn {
	case "Ref":
		return e.ref(e.eval(arg), loc)
	case "Fn::GetAtt":
		return e.getAtt(arg, loc)
	case "Fn::Sub":
		return e.sub(arg, loc)
	case "Fn::Join":
		return e.join(arg, loc)
	case "Fn::Select":
		return e.selectFn(arg, loc)
	case "Fn::Split":
		return e.split(arg, loc)
	case "Fn::If":
		return e.ifFn(arg, loc)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		b := e.condition(&val{k: kMap, loc: loc, pairs: []pair{{key: fn, v: arg}}})
		switch b {
		case 1:
			return scalar("true", loc)
		case -1:
			return scalar("false", loc)
		}
		return e.unresolved(loc, "a condition that depends on unresolved values", "", "")
	case "Fn::FindInMap":
		return e.findInMap(arg, loc)
	case "Fn::ImportValue":
		name := e.eval(arg)
		return e.unresolved(loc, "the value exported as "+describe(name), "", "")
	case "Fn::Base64":
		inner := e.eval(arg)
		r := e.unresolved(loc, "base64 of "+describe(inner), "", "")
		r.s = inner.s
		return r
	case "Fn::GetAZs":
		return e.unresolved(loc, "the availability zones of the region", "", "")
	case "Fn::Cidr":
		return e.unresolved(loc, "a CIDR block list", "", "")
	case "Fn::Length":
		a := e.eval(arg)
		if a.k == kList {
			return scalar(strconv.Itoa(len(a.list)), loc)
		}
		return e.unresolved(loc, "the length of "+describe(a), "", "")
	case "Fn::ToJsonString":
		a := e.eval(arg)
		if a.sym != nil {
			return e.unresolved(loc, "JSON of "+describe(a), "", "")
		}
		b, err := json.Marshal(toAny(a, 0))
		if err != nil {
			return e.unresolved(loc, "JSON of "+describe(a), "", "")
		}
		return scalar(string(b), loc)
	}
	// Fn::Transform and unknown functions.
	return e.unresolved(loc, "the result of "+fn, "", "")
}

func describe(v *val) string {
	if v == nil {
		return "nothing"
	}
	if v.sym != nil {
		return v.sym.text
	}
	return strconv.Quote(v.render())
}

func (e *evaluator) ref(name *val, loc model.Location) *val {
	if name == nil || name.k != kScalar || name.sym != nil {
		return e.unresolved(loc, "a reference computed at deployment", "", "")
	}
	n := name.s
	if v, ok := e.scope[n]; ok {
		return copyAt(v, loc)
	}
	if n == "AWS::NoValue" {
		return &val{k: kNoValue, loc: loc}
	}
	if v, ok := e.pseudo[n]; ok {
		return scalar(v, loc)
	}
	if text, ok := pseudoText[n]; ok {
		r := e.unresolved(loc, text, "", "")
		r.s = "${" + n + "}"
		return r
	}
	if e.paramDefs[n] {
		if v := e.params[n]; v != nil {
			c := copyAt(v, loc)
			c.param = n
			return c
		}
		return e.unresolved(loc, "the value of parameter "+n, n, "")
	}
	if typ, ok := e.resources[n]; ok {
		if v := e.nameOf(n); v != nil {
			v.loc = loc
			return v
		}
		return e.unresolved(loc, refText(n, typ), n, "")
	}
	return e.unresolved(loc, "an undefined name "+n, n, "")
}

// nameProperty names, for resource types whose Ref is their physical
// name, the property that sets it.
var nameProperty = map[string]string{
	"AWS::DynamoDB::Table":         "TableName",
	"AWS::Serverless::SimpleTable": "TableName",
	"AWS::S3::Bucket":              "BucketName",
	"AWS::Lambda::Function":        "FunctionName",
	"AWS::Serverless::Function":    "FunctionName",
	"AWS::IAM::Role":               "RoleName",
	"AWS::Logs::LogGroup":          "LogGroupName",
	"AWS::Kinesis::Stream":         "Name",
	"AWS::SSM::Parameter":          "Name",
}

// nameOf returns a resource's name when the template sets it to a value
// known statically; the value remembers the resource it came from.
func (e *evaluator) nameOf(id string) *val {
	raw := e.names[id]
	if raw == nil || e.resolving[id] {
		return nil
	}
	e.resolving[id] = true
	v := e.eval(raw)
	delete(e.resolving, id)
	if v == nil || v.k != kScalar || v.sym != nil || v.s == "" {
		return nil
	}
	c := *v
	c.param = id
	return &c
}

// refText says what Ref returns for a resource type.
func refText(id, typ string) string {
	switch typ {
	case "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::IAM::ManagedPolicy", "AWS::Serverless::LayerVersion",
		"AWS::Lambda::LayerVersion":
		if typ == "AWS::SQS::Queue" {
			return "the URL of queue " + id
		}
		return "the ARN of " + id
	}
	return "the name of " + id
}

// copyAt returns v positioned where it is used, so that findings about a
// parameter's value point at the use (the parameter is named in the text).
func copyAt(v *val, loc model.Location) *val {
	c := *v
	if c.k == kScalar {
		c.loc = loc
	}
	return &c
}

func (e *evaluator) getAtt(arg *val, loc model.Location) *val {
	a := e.eval(arg)
	var res, attr string
	switch {
	case a.k == kList && len(a.list) == 2:
		res, attr = a.list[0].s, a.list[1].s
	case a.k == kScalar:
		res, attr, _ = strings.Cut(a.s, ".")
	default:
		return e.unresolved(loc, "an attribute computed at deployment", "", "")
	}
	return e.unresolved(loc, "the "+attr+" of "+res, res, attr)
}

func (e *evaluator) join(arg *val, loc model.Location) *val {
	a := e.eval(arg)
	if a.k != kList || len(a.list) != 2 || a.list[0].k != kScalar {
		return e.unresolved(loc, "a Fn::Join with unexpected arguments", "", "")
	}
	delim := a.list[0].s
	parts := a.list[1]
	if parts.k != kList {
		return e.unresolved(loc, "a join of "+describe(parts), "", "")
	}
	var b strings.Builder
	var sym *symbol
	for i, p := range parts.list {
		if i > 0 {
			b.WriteString(delim)
		}
		if p.k != kScalar {
			b.WriteString(p.render())
			continue
		}
		if p.sym != nil && sym == nil {
			sym = p.sym
		}
		b.WriteString(p.s)
	}
	r := scalar(b.String(), loc)
	if sym != nil {
		r.sym = &symbol{text: b.String(), target: sym.target, attr: sym.attr}
	}
	return r
}

func (e *evaluator) selectFn(arg *val, loc model.Location) *val {
	a := e.eval(arg)
	if a.k != kList || len(a.list) != 2 {
		return e.unresolved(loc, "a Fn::Select with unexpected arguments", "", "")
	}
	idx, err := strconv.Atoi(a.list[0].s)
	l := a.list[1]
	if err != nil || a.list[0].sym != nil || l.k != kList {
		return e.unresolved(loc, "an element of "+describe(l), "", "")
	}
	if idx < 0 || idx >= len(l.list) {
		return e.unresolved(loc, fmt.Sprintf("element %d of a %d-element list", idx, len(l.list)), "", "")
	}
	return copyAt(l.list[idx], loc)
}

func (e *evaluator) split(arg *val, loc model.Location) *val {
	a := e.eval(arg)
	if a.k != kList || len(a.list) != 2 || a.list[0].k != kScalar {
		return e.unresolved(loc, "a Fn::Split with unexpected arguments", "", "")
	}
	src := a.list[1]
	if src.k != kScalar || src.sym != nil || a.list[0].s == "" {
		return e.unresolved(loc, "a split of "+describe(src), "", "")
	}
	out := &val{k: kList, loc: loc}
	for _, s := range strings.Split(src.s, a.list[0].s) {
		out.list = append(out.list, scalar(s, loc))
	}
	return out
}

func (e *evaluator) ifFn(arg *val, loc model.Location) *val {
	if arg.k != kList || len(arg.list) != 3 {
		return e.unresolved(loc, "a Fn::If with unexpected arguments", "", "")
	}
	name := e.eval(arg.list[0])
	// An unknown condition takes the "true" branch: the resource as
	// written when the feature is on is the one worth checking.
	if e.named(name.s) == -1 {
		return e.eval(arg.list[2])
	}
	return e.eval(arg.list[1])
}

func (e *evaluator) findInMap(arg *val, loc model.Location) *val {
	a := e.eval(arg)
	if a.k != kList || len(a.list) < 3 {
		return e.unresolved(loc, "a Fn::FindInMap with unexpected arguments", "", "")
	}
	var def *val
	if len(a.list) == 4 {
		def = a.list[3].get("DefaultValue")
	}
	for _, k := range a.list[:3] {
		if k.k != kScalar || k.sym != nil {
			if def != nil {
				return def
			}
			return e.unresolved(loc, "a mapping value chosen by "+describe(k), "", "")
		}
	}
	if v := e.mappings.path(a.list[0].s, a.list[1].s, a.list[2].s); v != nil {
		return copyAt(v, loc)
	}
	if def != nil {
		return def
	}
	return e.unresolved(loc, fmt.Sprintf("mapping %s/%s/%s, which is not defined", a.list[0].s, a.list[1].s, a.list[2].s), "", "")
}

// toAny converts a value to plain Go values for JSON rendering.
func toAny(v *val, depth int) any {
	if v == nil || depth > maxDepth {
		return nil
	}
	switch v.k {
	case kScalar:
		return v.s
	case kList:
		out := make([]any, 0, len(v.list))
		for _, e := range v.list {
			out = append(out, toAny(e, depth+1))
		}
		return out
	case kMap:
		out := make(map[string]any, len(v.pairs))
		for _, p := range v.pairs {
			out[p.key] = toAny(p.v, depth+1)
		}
		return out
	}
	return nil
}
