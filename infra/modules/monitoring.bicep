// Logs and telemetry: a Log Analytics workspace and a workspace-based Application Insights component.

@description('Azure region.')
param location string

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Tags for every resource.')
param tags object

@description('Days Log Analytics keeps data (30 is included in the ingestion price).')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Entra ID ingestion only: the instrumentation key in the connection string is then an address, not a credential.
    // The app authenticates with its managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    DisableLocalAuth: true
  }
}

output appInsightsConnectionString string = appInsights.properties.ConnectionString
