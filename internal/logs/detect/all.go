package detect

// All returns every detection of the catalog, in ID order.
func All() []*Detection {
	return []*Detection{
		outOfBandChange,     // LOG001
		foreignLayer,        // LOG002
		publicPermission,    // LOG003
		publicURL,           // LOG004
		stolenFunctionCreds, // LOG005
		enumeration,         // LOG006
		logTampering,        // LOG007
		secretHarvest,       // LOG008
		privilegeChange,     // LOG009
		userCredentials,     // LOG010
		userCreated,         // LOG011
		rolesAnywhere,       // LOG012
		federationToken,     // LOG013
		ssmExecution,        // LOG014
		consoleNoMFA,        // LOG015
	}
}
