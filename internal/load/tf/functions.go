package tf

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// maxReadFile bounds what file() and templatefile() read.
const maxReadFile = 1 << 20

// functions returns Terraform's built-in functions that matter for the
// values rules look at. Functions whose result depends on files outside
// the configuration or on the time (hashes of build artifacts, timestamp)
// return unknown strings.
func (m *module) functions() map[string]function.Function {
	if m.fns != nil {
		return m.fns
	}
	fns := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"floor": stdlib.FloorFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "index": stdlib.IndexFunc, "join": stdlib.JoinFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc, "keys": stdlib.KeysFunc,
		"length": stdlib.LengthFunc, "log": stdlib.LogFunc, "lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc,
		"max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc,
		"pow": stdlib.PowFunc, "range": limitedRange, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
		"replace": stdlib.ReplaceFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"csvdecode": stdlib.CSVDecodeFunc, "formatdate": stdlib.FormatDateFunc,
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tostring": conv(cty.String), "tonumber": conv(cty.Number), "tobool": conv(cty.Bool),
		"tolist": conv(cty.List(cty.DynamicPseudoType)), "toset": conv(cty.Set(cty.DynamicPseudoType)),
		"tomap":        conv(cty.Map(cty.DynamicPseudoType)),
		"file":         m.fileFunc(),
		"templatefile": m.templateFileFunc(),
	}
	for _, name := range []string{"filebase64sha256", "filebase64sha512", "filemd5", "filesha1", "filesha256",
		"filesha512", "filebase64", "base64sha256", "base64sha512", "base64encode", "base64decode", "base64gzip",
		"md5", "sha1", "sha256", "sha512", "uuid", "uuidv5", "timestamp", "bcrypt", "cidrhost", "cidrnetmask",
		"cidrsubnet", "cidrsubnets", "abspath", "dirname", "basename", "pathexpand", "urlencode", "yamlencode",
		"textencodebase64", "textdecodebase64", "timeadd", "plantimestamp", "templatestring"} {
		fns[name] = unknownString
	}
	for _, name := range []string{"yamldecode", "one", "sum", "alltrue", "anytrue", "fileexists", "fileset",
		"transpose", "startswith", "endswith", "strcontains", "sensitive", "nonsensitive", "issensitive", "type"} {
		fns[name] = unknownAny
	}
	m.fns = fns
	return fns
}

func conv(ty cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if ty.IsPrimitiveType() {
				return ty, nil
			}
			return cty.DynamicPseudoType, nil
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			v := args[0]
			if ty.IsPrimitiveType() {
				return convertTo(v, ty)
			}
			if !v.IsKnown() || v.IsNull() {
				return cty.DynamicVal, nil
			}
			switch {
			case ty.IsListType() && (v.Type().IsTupleType() || v.Type().IsSetType() || v.Type().IsListType()):
				return tupleOf(v), nil
			}
			return v, nil
		},
	})
}

func convertTo(v cty.Value, ty cty.Type) (cty.Value, error) {
	if !v.IsKnown() {
		return cty.UnknownVal(ty), nil
	}
	if v.IsNull() {
		return cty.NullVal(ty), nil
	}
	switch {
	case ty == cty.String && v.Type() == cty.Bool:
		if v.True() {
			return cty.StringVal("true"), nil
		}
		return cty.StringVal("false"), nil
	case ty == cty.String && v.Type() == cty.Number:
		return cty.StringVal(v.AsBigFloat().Text('f', -1)), nil
	case ty == cty.Bool && v.Type() == cty.String:
		switch v.AsString() {
		case "true":
			return cty.True, nil
		case "false":
			return cty.False, nil
		}
	case ty == cty.Number && v.Type() == cty.String:
		return cty.ParseNumberVal(v.AsString())
	case v.Type() == ty:
		return v, nil
	}
	return cty.UnknownVal(ty), fmt.Errorf("cannot convert %s to %s", v.Type().FriendlyName(), ty.FriendlyName())
}

// tupleOf turns a list, set or tuple into a tuple, which holds elements
// of any type.
func tupleOf(v cty.Value) cty.Value {
	var elems []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		elems = append(elems, e)
	}
	if len(elems) == 0 {
		return cty.EmptyTupleVal
	}
	return cty.TupleVal(elems)
}

var unknownString = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.String),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.UnknownVal(cty.String), nil
	},
})

var unknownAny = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})

// readModuleFile reads a file named relative to the module directory, as
// Terraform's path.module-relative paths are in practice.
func (m *module) readModuleFile(name string) ([]byte, error) {
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(m.dir, name)
	}
	return readLimited(p)
}

func readLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxReadFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxReadFile {
		return nil, fmt.Errorf("%s is over the %d-byte limit", p, maxReadFile)
	}
	return data, nil
}

func (m *module) fileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			data, err := m.readModuleFile(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), nil
			}
			return cty.StringVal(string(data)), nil
		},
	})
}

func (m *module) templateFileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowMarked: true},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			data, err := m.readModuleFile(name)
			if err != nil {
				return cty.UnknownVal(cty.String), nil
			}
			if _, ok := tooDeep(data); !ok {
				return cty.UnknownVal(cty.String), nil
			}
			tmpl, diags := hclsyntax.ParseTemplate(data, name, hcl.InitialPos)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), nil
			}
			vars := map[string]cty.Value{}
			if v, _ := args[1].UnmarkDeep(); v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
				vars = v.AsValueMap()
			}
			// As in Terraform, a template cannot call templatefile: a
			// template including itself would never end.
			fns := map[string]function.Function{}
			for k, f := range m.functions() {
				if k != "templatefile" {
					fns[k] = f
				}
			}
			out, diags := evalSafely(tmpl, &hcl.EvalContext{Variables: vars, Functions: fns})
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), nil
			}
			return out, nil
		},
	})
}

// limitedRange is range() bounded to maxValueSize elements: range(1e12)
// would otherwise allocate until the process dies.
var limitedRange = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "params", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.Number)),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		var start, end, step float64 = 0, 0, 1
		switch len(args) {
		case 1:
			end, _ = args[0].AsBigFloat().Float64()
		case 2, 3:
			start, _ = args[0].AsBigFloat().Float64()
			end, _ = args[1].AsBigFloat().Float64()
			if len(args) == 3 {
				step, _ = args[2].AsBigFloat().Float64()
			}
		default:
			return cty.NilVal, fmt.Errorf("range takes one to three arguments")
		}
		if step == 0 || (end-start)/step > maxValueSize {
			return cty.NilVal, fmt.Errorf("range of more than %d elements", maxValueSize)
		}
		return stdlib.RangeFunc.Call(args)
	},
})
