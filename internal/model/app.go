package model

// App is one serverless application: everything loaded from one template (a
// SAM/CloudFormation file, a serverless.yml, or a Terraform module).
type App struct {
	// Name is the application's name: the stack, service or module name.
	Name string `json:"name"`
	// File is the main file the application was loaded from, relative to
	// the scan root.
	File string `json:"file"`
	// Dir is the directory that relative code locations are resolved
	// against, relative to the scan root.
	Dir string `json:"dir"`
	// Format is the input format: "cloudformation", "sam", "serverless",
	// "terraform".
	Format string `json:"format"`
	// Provider is "aws", "azure" or "gcp".
	Provider string `json:"provider"`
	// Region is the application's default region, when the input says.
	Region String `json:"region"`

	Functions  []*Function  `json:"functions"`
	Roles      []*Role      `json:"roles"`
	Policies   []*Policy    `json:"policies,omitempty"`
	Triggers   []*Trigger   `json:"triggers"`
	APIs       []*API       `json:"apis"`
	Domains    []*Domain    `json:"domains,omitempty"`
	Stores     []*Store     `json:"stores"`
	Grants     []*Grant     `json:"grants"`
	Resources  []*Resource  `json:"resources"`
	Parameters []*Parameter `json:"parameters,omitempty"`
}

// Resource is any resource of the input, kept so that rules and reports can
// name resources the model has no richer type for.
type Resource struct {
	ID     string   `json:"id"`
	Type   string   `json:"type"`
	Loc    Location `json:"location"`
	Region String   `json:"region"`
	// Suppress lists rule suppressions declared on the resource itself
	// (CloudFormation Metadata), as rule ID to reason.
	Suppress map[string]string `json:"suppress,omitempty"`
}

// Parameter is a template input (CloudFormation parameter, Terraform
// variable) with the value it was resolved to.
type Parameter struct {
	Name    string   `json:"name"`
	Loc     Location `json:"location"`
	Default String   `json:"default"`
	NoEcho  bool     `json:"noEcho,omitempty"`
}

// Function is a deployed unit of code: a Lambda function, an Azure function
// app or a Google Cloud function.
type Function struct {
	ID   string   `json:"id"`
	Name String   `json:"name"`
	Loc  Location `json:"location"`

	Runtime       String   `json:"runtime"`
	Handler       String   `json:"handler"`
	PackageType   String   `json:"packageType"`
	Code          String   `json:"code"`
	Timeout       Int      `json:"timeout"`
	Memory        Int      `json:"memory"`
	Env           []EnvVar `json:"environment,omitempty"`
	EnvKMSKey     String   `json:"environmentKmsKey"`
	Layers        []String `json:"layers,omitempty"`
	Architectures []String `json:"architectures,omitempty"`
	VPC           *VPC     `json:"vpc,omitempty"`
	// ReservedConcurrency is the reserved concurrent executions; unset
	// means the function shares the account's unreserved pool.
	ReservedConcurrency Int    `json:"reservedConcurrency"`
	DeadLetter          String `json:"deadLetter"`
	OnFailure           String `json:"onFailure"`
	Tracing             String `json:"tracing"`
	CodeSigning         String `json:"codeSigning"`
	// HTTPSOnly and MinTLS describe the transport security of the
	// function's own HTTP endpoint, on platforms that let it be weakened
	// (Azure function apps, 1st gen Google Cloud Functions).
	HTTPSOnly Bool   `json:"httpsOnly"`
	MinTLS    String `json:"minTls"`
	// LogGroup is the log group the function's logging configuration
	// names, when it does not use the default /aws/lambda/NAME.
	LogGroup String `json:"logGroup"`
	URL      *URL   `json:"url,omitempty"`
	Region   String `json:"region"`

	// Role is the execution identity; nil when it cannot be determined.
	Role *Role `json:"-"`
	// RoleRef is how the input names the role (a logical ID, a name or an
	// ARN, or a symbol).
	RoleRef String `json:"role"`
	// Triggers are the event sources that invoke the function.
	Triggers []*Trigger `json:"-"`
}

// EnvVar is one environment variable.
type EnvVar struct {
	Name  String `json:"name"`
	Value String `json:"value"`
}

// VPC is a function's network attachment.
type VPC struct {
	Loc            Location `json:"location"`
	SubnetIDs      []String `json:"subnets,omitempty"`
	SecurityGroups []String `json:"securityGroups,omitempty"`
}

// URL is a Lambda function URL (or an HTTP endpoint a function has by
// itself on another provider).
type URL struct {
	Loc      Location `json:"location"`
	AuthType String   `json:"authType"`
	// CORSOrigins lists allowed origins; "*" allows any.
	CORSOrigins []String `json:"corsOrigins,omitempty"`
}

// Role is an execution identity with its permissions.
type Role struct {
	ID   string   `json:"id"`
	Name String   `json:"name"`
	ARN  String   `json:"arn"`
	Loc  Location `json:"location"`
	// Implicit is true for a role the platform creates for one function
	// (SAM's generated role, a Serverless per-function role).
	Implicit bool `json:"implicit,omitempty"`
	// External is true for a role defined outside the application: only its
	// name or ARN is known.
	External bool `json:"external,omitempty"`

	ManagedPolicies []String     `json:"managedPolicies,omitempty"`
	Statements      []*Statement `json:"statements,omitempty"`
	Trust           []*Statement `json:"trust,omitempty"`
	Boundary        String       `json:"permissionsBoundary"`
}

// Policy is a customer-managed policy defined in the application, with the
// roles it is attached to.
type Policy struct {
	ID         string       `json:"id"`
	Name       String       `json:"name"`
	Loc        Location     `json:"location"`
	Statements []*Statement `json:"statements"`
	Roles      []String     `json:"roles,omitempty"`
}

// Statement is one IAM policy statement.
type Statement struct {
	Loc Location `json:"location"`
	// Source says where the statement came from when the input did not
	// write it as a statement, e.g. "SAM policy template DynamoDBCrudPolicy".
	Source string `json:"source,omitempty"`
	// Template and TemplateArgs name the policy template (SAM's, or a
	// plugin's) the statement was expanded from, with its arguments.
	Template     string      `json:"template,omitempty"`
	TemplateArgs []Arg       `json:"templateArgs,omitempty"`
	Sid          String      `json:"sid"`
	Effect       String      `json:"effect"`
	Action       []String    `json:"action,omitempty"`
	NotAction    []String    `json:"notAction,omitempty"`
	Resource     []String    `json:"resource,omitempty"`
	NotResource  []String    `json:"notResource,omitempty"`
	Principal    []Principal `json:"principal,omitempty"`
	// NotPrincipal is set for statements written with NotPrincipal.
	NotPrincipal []Principal `json:"notPrincipal,omitempty"`
	Condition    []Condition `json:"condition,omitempty"`
}

// Arg is a named argument.
type Arg struct {
	Name  String `json:"name"`
	Value String `json:"value"`
}

// Principal is one principal of a statement: Type is "AWS", "Service",
// "Federated", "CanonicalUser" or "*" for the bare wildcard.
type Principal struct {
	Type string `json:"type"`
	ID   String `json:"id"`
}

// Condition is one operator/key pair of a statement's Condition block.
type Condition struct {
	Operator string   `json:"operator"`
	Key      string   `json:"key"`
	Values   []String `json:"values"`
	Loc      Location `json:"location"`
}

// Allow reports whether the statement allows (Effect is Allow).
func (s *Statement) Allow() bool { return s.Effect.V == "Allow" }
