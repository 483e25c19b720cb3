// Package policy joins what a function's code calls with what its role
// grants: the grants the code never uses, the calls the role does not
// allow, and the least-privilege policy that would serve the function.
//
// The needs of a function come from the AWS SDK calls of its code (package
// internal/code/sdk), with each call's resource tied to the template
// resource its environment variable references, or from the API calls its
// role session made according to CloudTrail. The grants come from
// internal/iam, without the AWS managed policies Lambda itself requires
// (logging, VPC networking, tracing, polling): those are accounted as the
// runtime's needs, derived from the function's configuration.
//
// Resources named through a template resource are compared under all
// their spellings (${Topic}, ${Topic.TopicArn}, arn:...:${Topic.TopicName},
// the literal name the template gives it), and the runtime's and the event
// source pollers' grants are never reported unused. Nothing is reported
// unused for a service some call of which may be unseen (a method chosen
// at run time, an import outside the code directory, a library such as
// pynamodb that calls AWS itself), and nothing missing when the role's
// policies are not all known.
//
// The API:
//
//	func Analyze(app *model.App, f *model.Function, codeDir string) *Analysis
//	func AnalyzeObserved(app *model.App, f *model.Function, codeDir string, act *Activity, withCode bool) *Analysis
//	func (a *Analysis) Minimal() []Statement
//	func (a *Analysis) ReportableUnused() []string; func (a *Analysis) Reportable() bool
//	func Render(w io.Writer, format string, as []*Analysis) error // json, sam, serverless, terraform
//	func ReadActivity(r io.Reader, file string) (map[Session]*Activity, error) // CloudTrail, by role session
//	func FunctionActivity(f *model.Function, act map[Session]*Activity) *Activity
//	func EffectiveGrants(app *model.App, r *model.Role) []iam.Grant
package policy
