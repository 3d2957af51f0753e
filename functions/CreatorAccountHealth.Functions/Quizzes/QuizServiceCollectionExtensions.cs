using CreatorAccountHealth.Domain.Quizzes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Quizzes;

public static class QuizServiceCollectionExtensions
{
    /// <summary>Policy quizzes: settings (validated at start-up), the ledger store and the service behind the endpoints.</summary>
    public static IServiceCollection AddQuizzes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuizOptions>()
            .Bind(configuration.GetSection(QuizOptions.SectionName))
            .Validate(
                o => o.PassMark is >= 1 and <= QuizRules.QuestionsPerAttempt,
                $"Quizzes__PassMark must be from 1 to {QuizRules.QuestionsPerAttempt} (correct answers of the {QuizRules.QuestionsPerAttempt} questions).")
            .Validate(o => o.AttemptExpiryMinutes is >= 1 and <= 1440, "Quizzes__AttemptExpiryMinutes must be from 1 to 1440.")
            .ValidateOnStart();
        services.AddSingleton<QuizLedgerStore>();
        services.AddSingleton<QuizService>();
        return services;
    }
}
