namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>
/// Awaits what a function method returns (void, T, Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;) and yields its
/// result. Chosen from the declared return type: at run time an <c>async Task</c> method returns a
/// <c>Task&lt;VoidTaskResult&gt;</c>, whose "result" is not one.
/// </summary>
internal static class ReturnValue
{
    public static Func<object?, Task<object?>> AwaiterFor(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return static _ => Task.FromResult<object?>(null);
        }

        if (returnType == typeof(Task))
        {
            return static async returned =>
            {
                await (Task)returned!;
                return null;
            };
        }

        if (returnType == typeof(ValueTask))
        {
            return static async returned =>
            {
                await (ValueTask)returned!;
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returnType.GetProperty(nameof(Task<object>.Result))!;
            return async returned =>
            {
                await (Task)returned!;
                return result.GetValue(returned);
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var result = asTask.ReturnType.GetProperty(nameof(Task<object>.Result))!;
            return async returned =>
            {
                var task = (Task)asTask.Invoke(returned, null)!;
                await task;
                return result.GetValue(task);
            };
        }

        return static returned => Task.FromResult(returned);
    }
}
