package model

// TriggerKind names an event source type.
type TriggerKind string

// Trigger kinds. HTTP kinds are those a web application firewall can see.
const (
	TriggerRESTAPI     TriggerKind = "api-rest"
	TriggerHTTPAPI     TriggerKind = "api-http"
	TriggerWebSocket   TriggerKind = "api-websocket"
	TriggerALB         TriggerKind = "alb"
	TriggerURL         TriggerKind = "function-url"
	TriggerS3          TriggerKind = "s3"
	TriggerSQS         TriggerKind = "sqs"
	TriggerSNS         TriggerKind = "sns"
	TriggerKinesis     TriggerKind = "kinesis"
	TriggerDynamoDB    TriggerKind = "dynamodb-stream"
	TriggerEventBridge TriggerKind = "eventbridge"
	TriggerSchedule    TriggerKind = "schedule"
	TriggerIoT         TriggerKind = "iot"
	TriggerCognito     TriggerKind = "cognito"
	TriggerLogs        TriggerKind = "cloudwatch-logs"
	TriggerKafka       TriggerKind = "kafka"
	TriggerMQ          TriggerKind = "mq"
	TriggerCodeCommit  TriggerKind = "codecommit"
	TriggerAlexa       TriggerKind = "alexa"
	TriggerHTTP        TriggerKind = "http" // other providers' HTTP triggers
	TriggerOther       TriggerKind = "other"
)

// HTTP reports whether requests of this kind arrive over HTTP, where a WAF
// or API gateway can inspect them.
func (k TriggerKind) HTTP() bool {
	switch k {
	case TriggerRESTAPI, TriggerHTTPAPI, TriggerWebSocket, TriggerALB, TriggerURL, TriggerHTTP:
		return true
	}
	return false
}

// Async reports whether the source invokes the function asynchronously
// (Lambda's event invocation), which is when dead-letter queues and
// on-failure destinations apply. Poll-based sources (SQS, Kinesis, DynamoDB
// streams, Kafka, MQ) retry through the source itself.
func (k TriggerKind) Async() bool {
	switch k {
	case TriggerS3, TriggerSNS, TriggerEventBridge, TriggerSchedule, TriggerIoT,
		TriggerLogs, TriggerCodeCommit:
		return true
	}
	return false
}

// Trigger is one event source of a function.
type Trigger struct {
	ID       string      `json:"id"`
	Kind     TriggerKind `json:"kind"`
	Loc      Location    `json:"location"`
	Function *Function   `json:"-"`
	// FunctionID is the logical ID of the function.
	FunctionID string `json:"function"`
	// Source names the event source (a queue, bucket, stream, rule...).
	Source String `json:"source"`
	// API and Route are set for API Gateway triggers.
	API   *API   `json:"-"`
	Route *Route `json:"-"`
}

// APIKind names an API flavour.
type APIKind string

// API kinds.
const (
	APIREST      APIKind = "rest"
	APIHTTP      APIKind = "http"
	APIWebSocket APIKind = "websocket"
)

// API is an API Gateway (or equivalent) in front of functions.
type API struct {
	ID   string   `json:"id"`
	Kind APIKind  `json:"kind"`
	Name String   `json:"name"`
	Loc  Location `json:"location"`
	// Implicit is true for the API SAM creates from function events.
	Implicit bool `json:"implicit,omitempty"`
	// EndpointType is EDGE, REGIONAL or PRIVATE for REST APIs.
	EndpointType String   `json:"endpointType"`
	Routes       []*Route `json:"routes"`
	// Authorizers by name.
	Authorizers []*Authorizer `json:"authorizers,omitempty"`
	// Throttled is set when a stage, method settings or usage plan limits
	// the request rate.
	Throttle  Bool     `json:"throttle"`
	UsagePlan Bool     `json:"usagePlan"`
	Stages    []*Stage `json:"stages,omitempty"`
	WAF       Bool     `json:"waf"`
	// DefaultAuth is the API-wide authorizer routes inherit.
	DefaultAuth String `json:"defaultAuth"`
	// APIKeyRequired is the API-wide default for routes.
	APIKeyRequired Bool         `json:"apiKeyRequired"`
	ResourcePolicy []*Statement `json:"resourcePolicy,omitempty"`
	// DisableExecuteEndpoint is set when clients can only use custom
	// domains.
	DisableExecuteEndpoint Bool `json:"disableExecuteApiEndpoint"`
}

// Public reports whether the API is reachable from the internet.
func (a *API) Public() bool { return a.EndpointType.V != "PRIVATE" }

// Route is one method and path of an API.
type Route struct {
	Loc    Location `json:"location"`
	Method String   `json:"method"`
	Path   String   `json:"path"`
	// Auth is the authorization in force: "NONE", "AWS_IAM", or the name
	// of an authorizer; unresolved when it comes from an unknown default.
	Auth           String `json:"auth"`
	APIKeyRequired Bool   `json:"apiKeyRequired"`
	FunctionID     string `json:"function,omitempty"`
	Validation     Bool   `json:"requestValidation"`
}

// Authorizer is an API authorizer.
type Authorizer struct {
	Name String `json:"name"`
	Type string `json:"type"` // JWT, COGNITO, LAMBDA, IAM
	Loc  Location
}

// Stage is an API deployment stage.
type Stage struct {
	Name          String   `json:"name"`
	Loc           Location `json:"location"`
	AccessLogging Bool     `json:"accessLogging"`
	Throttle      Bool     `json:"throttle"`
}

// Domain is a custom domain name of an API.
type Domain struct {
	ID             string   `json:"id"`
	APIID          string   `json:"api,omitempty"`
	Name           String   `json:"name"`
	Loc            Location `json:"location"`
	SecurityPolicy String   `json:"securityPolicy"`
}

// StoreKind names a data store or channel type.
type StoreKind string

// Store kinds.
const (
	StoreS3       StoreKind = "s3"
	StoreDynamoDB StoreKind = "dynamodb"
	StoreSQS      StoreKind = "sqs"
	StoreSNS      StoreKind = "sns"
	StoreKinesis  StoreKind = "kinesis"
	StoreSecret   StoreKind = "secretsmanager"
	StoreSSM      StoreKind = "ssm"
	StoreLogGroup StoreKind = "logs"
	StoreKMS      StoreKind = "kms"
	StoreOther    StoreKind = "other"
)

// Store is a data store or messaging channel.
type Store struct {
	ID   string    `json:"id"`
	Kind StoreKind `json:"kind"`
	Type string    `json:"type"`
	Name String    `json:"name"`
	Loc  Location  `json:"location"`
	// Encrypted says whether data at rest is encrypted; KMSKey names a
	// customer-managed key when one is used.
	Encrypted Bool   `json:"encrypted"`
	KMSKey    String `json:"kmsKey"`
	// Public access, for S3.
	ACL          String             `json:"acl"`
	PublicAccess *PublicAccessBlock `json:"publicAccessBlock,omitempty"`
	Policy       []*Statement       `json:"policy,omitempty"`
	Website      bool               `json:"website,omitempty"`
	// Retention in days, for log groups; KeyRotation for KMS keys.
	Retention   Int  `json:"retention"`
	KeyRotation Bool `json:"keyRotation"`
	// Value is the content of a plain SSM parameter or a secret string
	// given in the template.
	Value  String `json:"-"`
	Region String `json:"region"`
}

// PublicAccessBlock is S3's public access block configuration.
type PublicAccessBlock struct {
	Loc                   Location `json:"location"`
	BlockPublicAcls       Bool     `json:"blockPublicAcls"`
	IgnorePublicAcls      Bool     `json:"ignorePublicAcls"`
	BlockPublicPolicy     Bool     `json:"blockPublicPolicy"`
	RestrictPublicBuckets Bool     `json:"restrictPublicBuckets"`
}

// Grant is a resource-based permission to invoke a function
// (AWS::Lambda::Permission and its equivalents).
type Grant struct {
	ID            string   `json:"id"`
	Loc           Location `json:"location"`
	FunctionID    string   `json:"function,omitempty"`
	FunctionRef   String   `json:"functionRef"`
	Action        String   `json:"action"`
	Principal     String   `json:"principal"`
	SourceARN     String   `json:"sourceArn"`
	SourceAccount String   `json:"sourceAccount"`
	URLAuthType   String   `json:"functionUrlAuthType"`
	// Implicit is true for permissions SAM adds for function events.
	Implicit bool `json:"implicit,omitempty"`
}
