// Alert rules: what pages an operator, each rule pointing at the runbook section that handles it (docs/runbook.md).
// Platform metrics for Service Bus and Cosmos DB; the app's own metrics (functions/.../Telemetry/AppMetrics.cs,
// exported to Application Insights as customMetrics) for SendGrid, the webhook and the weekly report run.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Application Insights component the app exports to.')
param appInsightsName string

@description('Service Bus namespace the app\'s queues live in.')
param serviceBusNamespaceName string

@description('Cosmos DB account the app stores in.')
param cosmosAccountName string

@description('Action group every rule notifies: an existing one (its resource id), or empty for the one declared here.')
param actionGroupId string = ''

@description('Who the declared action group emails when actionGroupId is empty (none: alerts show in the portal only).')
param alertEmails array = []

@description('Base URL of the runbook the alerts link to (docs/runbook.md in the repository).')
param runbookUrl string

@description('Webhook calls answered 5xx (storage down, throttled, or a failure), in percent of all webhook calls in 15 minutes, above which to alert.')
param webhookFailurePercent int = 5

@description('Hours a weekly report run may take, from its start until every shard has been worked through.')
param reportRunWindowHours int = 6

@description('Cosmos DB requests answered 429 in 15 minutes above which to alert.')
param cosmosThrottlesPer15Minutes int = 100

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2025-10-15' existing = {
  name: cosmosAccountName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (empty(actionGroupId)) {
  name: 'ag-${appInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'cah-ops'
    enabled: true
    emailReceivers: [
      for (email, i) in alertEmails: {
        name: 'operator-${i}'
        emailAddress: email
        useCommonAlertSchema: true
      }
    ]
  }
}

var notify = empty(actionGroupId) ? operators.id : actionGroupId

// The app's metric names (AppMetrics): the infra tests check each one exists in the code.
var metrics = {
  sendGridDuration: 'creator_health.sendgrid.duration'
  webhookEvents: 'creator_health.webhook.events'
  reportRunsStarted: 'creator_health.reports.runs_started'
  reportShardsFinished: 'creator_health.reports.shards_finished'
}

// ReportActivityIndex.Shards: a run has finished when every shard's last page was worked through.
var reportShards = 32

resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'Dead-lettered messages - ${serviceBusNamespaceName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A message was dead-lettered on one of the app\'s queues: an email or a report page that will not be retried by itself. Runbook: ${runbookUrl}#replay-dead-lettered-messages'
    severity: 2
    enabled: true
    scopes: [serviceBus.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: ['*']
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: notify
      }
    ]
  }
}

resource cosmosThrottling 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'Cosmos DB throttling - ${cosmosAccountName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Cosmos DB answered more than ${cosmosThrottlesPer15Minutes} requests with 429 in 15 minutes: webhooks get 503s and report pages are retried. Runbook: ${runbookUrl}#cosmos-db-throttling'
    severity: 2
    enabled: true
    scopes: [cosmos.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'throttled'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: ['429']
            }
          ]
          operator: 'GreaterThan'
          threshold: cosmosThrottlesPer15Minutes
          timeAggregation: 'Count'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: notify
      }
    ]
  }
}

resource sendGridCredentials 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'SendGrid credential failures - ${appInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'SendGrid credential failures'
    description: 'SendGrid answered 401 or 403: the API key is wrong, revoked or lacks Mail Send. No email goes out until it is fixed. Runbook: ${runbookUrl}#sendgrid-refuses-the-api-key'
    severity: 1
    enabled: true
    scopes: [appInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics\n| where name == "${metrics.sendGridDuration}"\n| where toint(customDimensions["http.response.status_code"]) in (401, 403)\n| summarize failures = sum(valueCount)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failures'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [notify]
    }
  }
}

resource webhookFailures 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'Webhook 5xx rate - ${appInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Webhook 5xx rate'
    description: 'More than ${webhookFailurePercent} % of the platform\'s webhooks were answered 503 (storage unavailable) or failed in 15 minutes; the platform retries, but events are waiting. Runbook: ${runbookUrl}#webhooks-answer-5xx'
    severity: 2
    enabled: true
    scopes: [appInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics\n| where name == "${metrics.webhookEvents}"\n| extend outcome = tostring(customDimensions.outcome), reason = tostring(customDimensions.reason)\n| summarize total = sum(valueSum), failed = sumif(valueSum, outcome == "failed" or reason == "storageUnavailable")\n| where total >= 20\n| project failedPercent = 100.0 * failed / total'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'failedPercent'
          operator: 'GreaterThan'
          threshold: webhookFailurePercent
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [notify]
    }
  }
}

resource reportRunLate 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'Weekly report run not finished - ${appInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Weekly report run not finished'
    description: 'A weekly report run started more than ${reportRunWindowHours} hours ago and not all of its ${reportShards} shards have been worked through. Runbook: ${runbookUrl}#re-run-a-weeks-reports'
    severity: 2
    enabled: true
    scopes: [appInsights.id]
    evaluationFrequency: 'PT1H'
    windowSize: 'P2D'
    criteria: {
      allOf: [
        {
          query: 'let started = customMetrics\n| where name == "${metrics.reportRunsStarted}"\n| summarize startedAt = min(timestamp) by run = tostring(customDimensions["report.run"]);\nlet finished = customMetrics\n| where name == "${metrics.reportShardsFinished}"\n| summarize shards = sum(valueSum) by run = tostring(customDimensions["report.run"]);\nstarted\n| where startedAt < ago(${reportRunWindowHours}h)\n| join kind=leftouter finished on run\n| where coalesce(shards, 0.0) < ${reportShards}\n| summarize unfinished = count()'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'unfinished'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [notify]
    }
  }
}

@description('The rules, by name, for docs and tests.')
output ruleNames array = [deadLetters.name, cosmosThrottling.name, sendGridCredentials.name, webhookFailures.name, reportRunLate.name]
