// Production parameters: az deployment group create -g <resource group> -f infra/main.bicep -p infra/main.bicepparam
// No secret is written here. The secrets come from the environment of whoever deploys, and only when set: leave them
// unset on routine deployments and Key Vault keeps its current values (docs/deploy.md, docs/runbook.md).
using 'main.bicep'

param environmentName = 'prod'

param sendGridFromEmail = 'account-health@creator-platform.example'
param sendGridFromName = 'Creator Account Health'
param sendGridReplyTo = 'creator-support@creator-platform.example'

// Bearer tokens on creator and admin routes: the platform's identity service signs them (RS256/ES256) and publishes its keys.
param creatorAuthIssuer = 'https://identity.creator-platform.example/'
param creatorAuthAudience = 'creator-account-health'
param creatorAuthJwksUri = 'https://identity.creator-platform.example/.well-known/jwks.json'

param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')
param webhookSigningSecrets = readEnvironmentVariable('WEBHOOK_SIGNING_SECRETS', '')
param creatorAuthSigningKeys = readEnvironmentVariable('CREATOR_AUTH_SIGNING_KEYS', '')
param accountLinkSigningKeys = readEnvironmentVariable('ACCOUNT_LINK_SIGNING_KEYS', '')

// Where creators open the links in emails (https; the one-click unsubscribe URL must be https too).
param publicBaseUrl = 'https://account-health.creator-platform.example'

// Each violation in an email links to its appeal on the platform.
param appealUrlTemplate = 'https://creator-platform.example/appeals/{violationId}'


// Who is told when an alert fires (docs/runbook.md): an existing action group's resource id, or addresses for one infra/ declares.
param alertActionGroupId = readEnvironmentVariable('ALERT_ACTION_GROUP_ID', '')
param alertEmails = ['creator-health-oncall@creator-platform.example']
