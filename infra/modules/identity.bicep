// The app's one identity: a user-assigned managed identity (it exists before the app, so data-plane roles can be granted
// before the first start, and it survives re-creating the app). This module also grants what the Functions host itself
// needs; each data service grants its own roles next to the resource (cosmos, servicebus, keyvault modules).

@description('Azure region.')
param location string

@description('Managed identity name.')
param name string

@description('Tags for every resource.')
param tags object

@description('The host storage account (AzureWebJobsStorage and the deployment container).')
param storageAccountName string

@description('The Application Insights component the app sends telemetry to.')
param appInsightsName string

// Built-in role definition ids (the same in every tenant).
var roles = {
  // Host storage through an identity: blobs for timer leases, host keys and the deployment package.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // The host records diagnostic events in a table of the host storage account.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Telemetry ingestion with Entra ID (the component has local auth off).
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}
// No Storage Queue role: nothing in the app uses storage queues (its queues are Service Bus).

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource storageBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageBlobDataOwner)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageTableDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
