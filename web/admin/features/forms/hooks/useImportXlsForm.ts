import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormMode } from '../../../../../common/form-definition';
import type { TFormDetail } from '../../../../../common/forms';
import { uploadFile } from '../../../../lib/api';
import { formQueryKeys } from './formQueryKeys';

export interface XlsFormImportResult {
  form: TFormDetail;
  unsupported: { row: number; sheet: string; message: string }[];
}

/** POST /api/forms/import/xlsform (multipart `areaId`, `mode`, then `file`): a draft form and what could not be carried over. */
export function useImportXlsForm() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState(0);
  const mutation = useMutation({
    mutationFn: ({ areaId, mode, file }: { areaId: number; mode: FormMode; file: File }) => {
      setProgress(0);
      return uploadFile<XlsFormImportResult>('/api/forms/import/xlsform', file, { fields: { areaId: String(areaId), mode }, onProgress: setProgress });
    },
    onSuccess: (result) => {
      queryClient.setQueryData(formQueryKeys.detail(result.form.id), result.form);
      return queryClient.invalidateQueries({ queryKey: ['forms', 'list'] });
    },
  });
  return { ...mutation, progress };
}
