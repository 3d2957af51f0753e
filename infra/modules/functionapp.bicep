// The function app on the Flex Consumption plan (Linux, .NET isolated worker, net10.0) and its app settings. Every
// connection is identity-based through the user-assigned identity and both secrets are Key Vault references: no key,
// password or connection string is in the app's settings.

@description('Azure region.')
param location string

@description('Function app name (its default host name starts with it).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Tags for every resource.')
param tags object

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the same identity: which identity every identity-based connection uses.')
param identityClientId string

@description('Host storage account (AzureWebJobsStorage).')
param storageAccountName string

@description('Its blob endpoint, https://<account>.blob.core.windows.net/.')
param storageBlobEndpoint string

@description('Blob container Flex Consumption deploys the app package from.')
param deploymentContainerName string

@description('Application Insights connection string (an address: the component accepts Entra ID ingestion only).')
param appInsightsConnectionString string

@description('Cosmos DB account endpoint, https://<account>.documents.azure.com:443/.')
param cosmosEndpoint string

@description('Service Bus namespace host name, <namespace>.servicebus.windows.net.')
param serviceBusNamespace string

@description('Versionless Key Vault URI of the SendGrid API key.')
param sendGridApiKeySecretUri string

@description('Versionless Key Vault URI of the webhook signing secrets.')
param webhookSigningSecretsSecretUri string

@description('Versionless Key Vault URI of the HS256 secrets for bearer tokens.')
param creatorAuthSigningKeysSecretUri string

@description('Versionless Key Vault URI of the secrets that sign the links in emails.')
param accountLinkSigningKeysSecretUri string

@description('Whether the app accepts HS256 tokens signed with those secrets; otherwise only the issuer\'s JWKS keys.')
param creatorAuthSigningKeysEnabled bool = false

@description('The app\'s own settings (queue names, schedules, rules, sender addresses), with production values.')
param appSettings object

@description('Upper bound on instances: caps cost and the load a burst can put on Cosmos DB and SendGrid.')
param maximumInstanceCount int = 40

@description('Memory per instance (Flex Consumption: 512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// The Functions conventions for identity-based connections: <Connection>__<endpoint setting>, __credential and __clientId.
var connectionSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  CosmosDbConnection__accountEndpoint: cosmosEndpoint
  CosmosDbConnection__credential: 'managedidentity'
  CosmosDbConnection__clientId: identityClientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// Resolved by the platform with keyVaultReferenceIdentity below; the app sees the plain values.
var secretSettings = union({
  SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridApiKeySecretUri})'
  Webhook__SigningSecrets: '@Microsoft.KeyVault(SecretUri=${webhookSigningSecretsSecretUri})'
  AccountLinks__SigningKeys: '@Microsoft.KeyVault(SecretUri=${accountLinkSigningKeysSecretUri})'
}, creatorAuthSigningKeysEnabled ? {
  CreatorAuth__SigningKeys: '@Microsoft.KeyVault(SecretUri=${creatorAuthSigningKeysSecretUri})'
} : {})

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    // Flex Consumption: runtime and deployment source live here, not in FUNCTIONS_WORKER_RUNTIME or
    // WEBSITE_RUN_FROM_PACKAGE settings (which this plan rejects).
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The whole set, in one place: settings not listed here are removed on deployment.
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, connectionSettings, secretSettings)
}

// Deployments authenticate with Entra ID (az login), never with publishing passwords.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
