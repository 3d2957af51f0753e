// The Functions host's storage account (AzureWebJobsStorage: timer leases, host keys, diagnostics) and the blob container
// Flex Consumption deploys the app package from. Reached with the managed identity only: shared keys are off.

@description('Azure region.')
param location string

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags object

@description('Blob container holding the deployment package.')
param deploymentContainerName string

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // No account keys, so no connection string can exist for this account.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

output blobEndpoint string = account.properties.primaryEndpoints.blob
