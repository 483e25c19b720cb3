package policy

import (
	"slices"
	"strings"

	"github.com/slsguard/slsguard/internal/code/sdk"
	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
)

// Status says how far the code of a function could be read.
type Status string

// Statuses of the code analysis.
const (
	Analysed       Status = "analysed"
	NoCode         Status = "no code in the repository"
	Image          Status = "container image"
	NotRead        Status = "code not readable"
	UnresolvedOnly Status = "only unresolved SDK calls"
	Observed       Status = "observed in CloudTrail"
)

// Need is one permission the function needs.
type Need struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	// Why says where the need comes from: a call's file:line, "runtime:
	// logging", "CloudTrail".
	Why []string `json:"why,omitempty"`
	// Note explains a "*" resource or an assumption.
	Note string `json:"note,omitempty"`
	// Target is the template resource the resource refers to.
	Target string `json:"target,omitempty"`
	// Implicit is set when the resource comes from a construct that grants
	// its own permissions (Serverless Lift), invisible to this analysis.
	Implicit bool `json:"implicit,omitempty"`
}

// Analysis is the comparison for one function.
type Analysis struct {
	Function *model.Function `json:"-"`
	Name     string          `json:"function"`
	Role     string          `json:"role,omitempty"`
	Status   Status          `json:"status"`
	// Calls are the SDK calls of the code; Unresolved those that could not
	// be mapped.
	Calls      []sdk.Call `json:"calls,omitempty"`
	Unresolved []sdk.Call `json:"unresolved,omitempty"`
	// Partial is set when some calls may be unseen: unresolved calls,
	// imports outside the code directory, managed policies whose content
	// is unknown.
	Partial []string `json:"partial,omitempty"`
	// Needs are what the code (or CloudTrail) uses; Runtime what Lambda
	// needs for the function's configuration.
	Needs   []Need `json:"needs"`
	Runtime []Need `json:"runtime"`
	// Grants are the role's effective grants without the runtime's
	// managed policies.
	Grants  []iam.Grant `json:"-"`
	Unused  []iam.Grant `json:"-"`
	Missing []Need      `json:"missing,omitempty"`
	// Granted and UnusedActions count distinct actions; OverPermission is
	// UnusedActions / Granted.
	Granted        int     `json:"grantedActions"`
	UnusedActions  int     `json:"unusedActions"`
	OverPermission float64 `json:"overPermission"`

	app *model.App
	// opaque are the services whose calls may be unseen ("*" for any).
	opaque map[string]bool
}

// Analyze compares one function's code with its role. codeDir is the
// directory holding its code on disk, "" when it is not in the repository.
func Analyze(app *model.App, f *model.Function, codeDir string) *Analysis {
	a := &Analysis{Function: f, Name: f.ID}
	switch {
	case strings.EqualFold(f.PackageType.V, "Image"):
		a.Status = Image
	case codeDir == "":
		a.Status = NoCode
	default:
		res := sdk.Extract(codeDir, f.Handler.V, f.Runtime.V)
		a.fromCode(app, f, res)
	}
	a.Runtime = RuntimeNeeds(app, f)
	a.compare(app)
	return a
}

// AnalyzeObserved compares a function's role with what its role session
// did according to CloudTrail (see ReadActivity and FunctionActivity). With
// withCode the code's needs are kept as well; otherwise CloudTrail alone
// says what is used. Calls AWS denied are missing grants.
func AnalyzeObserved(app *model.App, f *model.Function, codeDir string, act *Activity, withCode bool) *Analysis {
	a := &Analysis{Function: f, Name: f.ID, Status: Observed}
	if withCode {
		a = Analyze(app, f, codeDir)
		if a.Status != Analysed {
			a.Status, a.Needs, a.Partial, a.Unresolved = Observed, nil, nil, nil
		}
	}
	a.Runtime = RuntimeNeeds(app, f)
	if act != nil {
		a.Needs = mergeNeeds(append(a.Needs, act.Needs...))
	}
	a.compare(app)
	if act != nil {
		a.Missing = mergeNeeds(append(a.Missing, act.Denied...))
	}
	return a
}

func (a *Analysis) fromCode(app *model.App, f *model.Function, res sdk.Result) {
	if !res.Analysed() {
		a.Status = NotRead
		return
	}
	a.Status = Analysed
	var needs []Need
	for _, c := range res.Calls {
		if c.Unresolved != "" {
			a.Unresolved = append(a.Unresolved, c)
			continue
		}
		a.Calls = append(a.Calls, c)
		needs = append(needs, callNeeds(app, f, c)...)
	}
	if len(a.Calls) == 0 && len(a.Unresolved) > 0 {
		a.Status = UnresolvedOnly
	}
	a.opaque = map[string]bool{}
	for _, u := range a.Unresolved {
		a.Partial = append(a.Partial, u.File+":"+itoa(u.Line)+": "+u.Unresolved)
		a.opaque[cmpOr(u.Service, "*")] = true
	}
	for _, imp := range res.Unfollowed {
		a.Partial = append(a.Partial, "import "+imp+" is outside the code directory")
		a.opaque["*"] = true
	}
	for _, l := range res.Libraries {
		a.Partial = appendOnce(a.Partial, l.File+": "+l.Name+" calls "+strings.Join(l.Services, ", ")+" APIs this analysis does not read")
		for _, s := range l.Services {
			a.opaque[s] = true
		}
	}
	a.Needs = mergeNeeds(needs)
}

// callNeeds turns one call into needs, one per action and resource.
func callNeeds(app *model.App, f *model.Function, c sdk.Call) []Need {
	why := c.File + ":" + itoa(c.Line) + " " + c.Operation
	var out []Need
	for _, act := range c.Actions {
		for _, r := range Resources(app, f, c, act) {
			out = append(out, Need{Action: act, Resource: r.ARN, Why: []string{why}, Note: r.Note, Target: r.Target, Implicit: r.Implicit})
		}
	}
	return out
}

// mergeNeeds sorts needs and merges duplicates.
func mergeNeeds(ns []Need) []Need {
	slices.SortFunc(ns, func(a, b Need) int {
		if c := strings.Compare(a.Action, b.Action); c != 0 {
			return c
		}
		return strings.Compare(a.Resource, b.Resource)
	})
	var out []Need
	for _, n := range ns {
		if k := len(out) - 1; k >= 0 && out[k].Action == n.Action && out[k].Resource == n.Resource {
			out[k].Why = append(out[k].Why, n.Why...)
			if out[k].Note == "" {
				out[k].Note = n.Note
			}
			continue
		}
		out = append(out, n)
	}
	for i := range out {
		slices.Sort(out[i].Why)
		out[i].Why = slices.Compact(out[i].Why)
	}
	return out
}

// Reportable reports whether unused and missing grants can be stated: the
// code was read and at least one call was understood or none was made.
func (a *Analysis) Reportable() bool {
	return a.Status == Analysed || a.Status == Observed
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		p--
		b[p] = '-'
	}
	return string(b[p:])
}
