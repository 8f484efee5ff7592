import { stylesheet } from '../dom';
import css from './panel.css';

export const panelStyles = stylesheet(css);
