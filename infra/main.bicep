// Creator Account Health on Azure: everything the function app needs, in one resource group.
//   az deployment group create -g <resource group> -f infra/main.bicep -p infra/main.bicepparam
// What each resource is for and how to deploy the code: docs/deploy.md. tests/CreatorAccountHealth.Infra.Tests builds
// and lints this offline and checks it against the code (containers, queues, app settings, no inline secrets).

targetScope = 'resourceGroup'

@description('Short app name used in resource names (lowercase letters and digits).')
@minLength(2)
@maxLength(13)
param appName string = 'creatorhealth'

@description('Environment name used in resource names, e.g. prod, staging.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Sender of every email (SendGrid__FromEmail): an address SendGrid has verified for the account.')
param sendGridFromEmail string

@description('Sender display name (SendGrid__FromName).')
param sendGridFromName string = 'Creator Account Health'

@description('Where creators\' replies go (SendGrid__ReplyTo): a mailbox someone reads.')
param sendGridReplyTo string

@secure()
@description('SendGrid API key. Pass it on the first deployment and to rotate it; empty leaves the vault\'s secret as it is.')
param sendGridApiKey string = ''

@secure()
@description('Comma-separated webhook signing secrets. Pass on the first deployment and to rotate; empty leaves them as they are.')
param webhookSigningSecrets string = ''

@description('Issuer of the bearer tokens on creator and admin routes: the tokens\' "iss", exactly.')
param creatorAuthIssuer string

@description('This API as the tokens\' audience ("aud").')
param creatorAuthAudience string = 'creator-account-health'

@description('The issuer\'s JWKS (RS256/ES256 public keys), https. Empty only if the platform signs with shared HS256 secrets instead.')
param creatorAuthJwksUri string = ''

@description('The value of the tokens\' "roles" claim that admin routes require.')
param creatorAuthAdminRole string = 'account-health.admin'

@description('Also accept HS256 tokens signed with shared secrets, kept in Key Vault (creator-token-signing-keys). Off when the JWKS is enough.')
param creatorAuthSigningKeysEnabled bool = false

@secure()
@description('Comma-separated HS256 secrets (32 bytes or more). Pass on the first deployment and to rotate; empty leaves them as they are.')
param creatorAuthSigningKeys string = ''

@description('Where creators reach the app (App__PublicBaseUrl, https): every link in an email starts with it. Empty: the function app\'s own https://<name>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('How long a link to the Account Standing page in an email works, in days (AccountLinks__LifetimeDays).')
@minValue(1)
@maxValue(90)
param accountLinkLifetimeDays int = 14

@description('How long an email\'s one-click unsubscribe link works, in days (AccountLinks__UnsubscribeLifetimeDays; at least 30).')
@minValue(30)
@maxValue(365)
param unsubscribeLinkLifetimeDays int = 60

@secure()
@description('Comma-separated secrets (32 bytes or more) that sign the links in emails; the first signs, all verify. Pass on the first deployment and to rotate; empty leaves them as they are.')
param accountLinkSigningKeys string = ''

@description('The platform\'s appeal page for one violation (Appeals__UrlTemplate), https, with {violationId} where the id goes.')
param appealUrlTemplate string

@description('Upper bound on function app instances.')
param maximumInstanceCount int = 40

@description('Action group the alert rules notify (its resource id); empty declares one that emails alertEmails.')
param alertActionGroupId string = ''

@description('Operators the declared action group emails, when alertActionGroupId is empty.')
param alertEmails array = []

@description('Where the alerts send operators: the runbook (docs/runbook.md), ideally as a web URL of the repository.')
param runbookUrl string = 'docs/runbook.md'

var namePrefix = '${appName}-${environmentName}'
// Globally unique names need a suffix; stable per resource group, so redeploying updates the same resources.
var suffix = uniqueString(resourceGroup().id, appName, environmentName)
var tags = {
  app: appName
  environment: environmentName
}

// Names known before deployment (not module outputs), so What-If can predict every resource and role assignment.
var names = {
  workspace: 'log-${namePrefix}'
  appInsights: 'appi-${namePrefix}'
  storage: take('st${appName}${suffix}', 24)
  identity: 'id-${namePrefix}'
  cosmos: 'cosmos-${namePrefix}-${suffix}'
  serviceBus: 'sb-${namePrefix}-${suffix}'
  keyVault: take('kv-${environmentName}-${suffix}', 24)
  functionApp: 'func-${namePrefix}-${suffix}'
  plan: 'plan-${namePrefix}'
}
var identityId = resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)

var databaseName = 'creator-health'
var deploymentContainerName = 'app-package'

// Each Service Bus queue the app uses, keyed by the app setting that names it (the triggers read it as %Setting%): the
// namespace gets these queues and the app gets these settings, from this one list.
var queues = {
  AlertsQueueName: 'milestone-alerts'
  ReportsQueueName: 'weekly-reports'
  TrainingEmailsQueueName: 'training-emails'
}

// Every other setting the code reads, with its production value (connections and secrets are added by the functionapp
// module). What each one does: docs/deploy.md. CosmosDb__CreateIfMissing stays unset: in Azure this template owns the
// database and containers, and the app's identity may not create them.
var appSettings = union(queues, {
  CosmosDb__DatabaseName: databaseName
  CosmosDb__RequestTimeout: '00:00:10'
  Webhook__ToleranceSeconds: '300'
  Policies__CatalogPath: 'policy-catalog.json'
  Standing__PointsActiveDays: '90'
  Standing__RepeatViolationCount: '6'
  Standing__RepeatViolationWindowDays: '90'
  Standing__RepeatViolationMilestone: 'permanent-removal'
  Alerts__ApproachWithinPoints: '2'
  // Every minute: an alert recorded while Service Bus was unreachable goes out within about a minute of its return.
  AlertsRepublishSchedule: '0 */1 * * * *'
  // Mondays 06:00 UTC (Flex Consumption runs timers in UTC; WEBSITE_TIME_ZONE is not supported on Linux plans).
  ReportsSchedule: '0 0 6 * * 1'
  // Longer than every lookback an account keeps (checked at start-up): accounts are rebuilt from these events.
  Events__RetentionDays: '400'
  Reports__RetentionDays: '400'
  Reports__CreatorsPerMessage: '100'
  // Well inside host.json's maxAutoLockRenewalDuration (10 minutes): a page never outlives its message lock.
  Reports__PageTimeBudget: '00:03:00'
  // An email that can't go out now (SendGrid down or refusing our key, storage down) is re-scheduled with exponential
  // backoff for up to a day, then dead-lettered for an operator to re-drive (docs/runbook.md).
  Notifications__MaxMessageAge: '1.00:00:00'
  Notifications__RetryBaseDelay: '00:00:30'
  Notifications__RetryMaxDelay: '00:30:00'
  Trainings__RegistrationClosesHoursBeforeStart: '48'
  AccountLinks__SessionHours: '12'
  // Every 5 minutes: a workshop email a request left pending (Service Bus down, or a crash before its flush) goes out
  // within about 7 minutes (RepublishTrainingEmailsFunction.Grace, 2 minutes, plus one period).
  TrainingEmailsRepublishSchedule: '0 */5 * * * *'
  Quizzes__PassMark: '3'
  Quizzes__AttemptExpiryMinutes: '30'
  SendGrid__FromEmail: sendGridFromEmail
  SendGrid__FromName: sendGridFromName
  SendGrid__ReplyTo: sendGridReplyTo
  // Who may call creator and admin routes (README, "Who may call what"); shared HS256 secrets, if used, come from Key Vault.
  CreatorAuth__Issuer: creatorAuthIssuer
  CreatorAuth__Audience: creatorAuthAudience
  CreatorAuth__JwksUri: creatorAuthJwksUri
  CreatorAuth__AdminRole: creatorAuthAdminRole
  // Signed links in emails (docs/architecture.md, "Links in emails"); their signing keys come from Key Vault.
  App__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${names.functionApp}.azurewebsites.net' : publicBaseUrl
  AccountLinks__LifetimeDays: string(accountLinkLifetimeDays)
  AccountLinks__UnsubscribeLifetimeDays: string(unsubscribeLinkLifetimeDays)
  Appeals__UrlTemplate: appealUrlTemplate
  // Traces and metrics go to Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING); the console copy is for local runs.
  Telemetry__Console: 'false'
})

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: names.identity
    tags: tags
    storageAccountName: names.storage
    appInsightsName: names.appInsights
  }
  // It grants roles on these two, found by name.
  dependsOn: [storage, monitoring]
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: names.cosmos
    tags: tags
    databaseName: databaseName
    identityId: identityId
    principalId: identity.outputs.principalId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    namespaceName: names.serviceBus
    tags: tags
    queues: queues
    identityId: identityId
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: names.keyVault
    tags: tags
    identityId: identityId
    principalId: identity.outputs.principalId
    sendGridApiKey: sendGridApiKey
    webhookSigningSecrets: webhookSigningSecrets
    creatorAuthSigningKeys: creatorAuthSigningKeys
    accountLinkSigningKeys: accountLinkSigningKeys
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    name: names.functionApp
    planName: names.plan
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    sendGridApiKeySecretUri: keyVault.outputs.sendGridApiKeySecretUri
    webhookSigningSecretsSecretUri: keyVault.outputs.webhookSigningSecretsSecretUri
    creatorAuthSigningKeysSecretUri: keyVault.outputs.creatorAuthSigningKeysSecretUri
    accountLinkSigningKeysSecretUri: keyVault.outputs.accountLinkSigningKeysSecretUri
    creatorAuthSigningKeysEnabled: creatorAuthSigningKeysEnabled
    appSettings: appSettings
    maximumInstanceCount: maximumInstanceCount
  }
}

// Alert rules on the telemetry the app exports and on Service Bus's and Cosmos DB's own metrics (docs/runbook.md).
module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    appInsightsName: names.appInsights
    serviceBusNamespaceName: names.serviceBus
    cosmosAccountName: names.cosmos
    actionGroupId: alertActionGroupId
    alertEmails: alertEmails
    runbookUrl: runbookUrl
  }
  // The rules watch these three, found by name.
  dependsOn: [monitoring, serviceBus, cosmos]
}

@description('The function app\'s base URL.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Where the platform sends its signed webhooks (PlatformWebhook: route prefix "api", route "webhooks/platform").')
output webhookUrl string = 'https://${functionApp.outputs.defaultHostName}/api/webhooks/platform'

@description('The function app\'s name, for zip deploy / func azure functionapp publish.')
output functionAppName string = functionApp.outputs.name
